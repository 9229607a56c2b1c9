"""Dataclasses of the domain: an SOP AP and the records of a workshop.

No I/O and no UI here. Everything is plain data; ``sopfile`` reads and writes SOPs, ``store``
persists a workshop, ``export`` renders, ``rules`` checks.

Conventions
- Dates are ISO strings (``"2018-07-10"``) or ``None``; timestamps are ISO strings with time.
- Step numbers are 1-based positions in ``Sop.steps``; branch targets (``if_yes``, ``if_no``,
  ``next``) are step numbers.
- ``line`` / ``lines`` carry where a value was read from in a YAML file; they never take part
  in equality and are never written back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

from workshop.status import SopStatus

FORMAT: Final = "sop-ap/1"

StepKind = Literal["start", "process", "decision", "end"]
STEP_KINDS: Final[tuple[str, ...]] = ("start", "process", "decision", "end")

# Fixed vocabularies of the classification (see domain.md "Kinds of SOP").
NATURES: Final[tuple[str, ...]] = ("teknis", "administratif")
SCOPES: Final[tuple[str, ...]] = ("makro", "mikro")
COMPLETENESS: Final[tuple[str, ...]] = ("final", "parsial")
GENERALITIES: Final[tuple[str, ...]] = ("generik", "spesifik")
ACTIVITIES: Final[tuple[str, ...]] = ("pelayanan", "rutin", "penugasan")

# Life cycle of an SOP inside a workshop (issue 7): the stored strings, from workshop.status.
SOP_STATUSES: Final[tuple[str, ...]] = tuple(status.value for status in SopStatus)

@dataclass
class Step:
    """One row of the flowchart table."""

    activity: str
    actor: str
    kind: str = "process"  # one of STEP_KINDS
    requirements: list[str] = field(default_factory=list)  # Mutu baku: Kelengkapan
    time: str = ""  # Mutu baku: Waktu, e.g. "15 menit"
    output: str = ""  # Mutu baku: Output
    note: str = ""  # Keterangan
    if_yes: int | None = None  # decision: step number when Ya (default: next step)
    if_no: int | None = None  # decision: step number when Tidak (required)
    next: int | None = None  # optional jump; default: the next step
    line: int | None = field(default=None, compare=False, repr=False)


@dataclass
class Dates:
    created: str | None = None  # Tanggal Pembuatan
    revised: str | None = None  # Tanggal Revisi
    effective: str | None = None  # Tanggal Efektif


@dataclass
class Approval:
    """Disahkan oleh."""

    position: str = ""
    name: str = ""
    nip: str = ""


@dataclass
class Classification:
    nature: str | None = None  # teknis | administratif
    scope: str | None = None  # makro | mikro
    completeness: str | None = None  # final | parsial
    generality: str | None = None  # generik | spesifik
    activity: str | None = None  # pelayanan | rutin | penugasan


@dataclass
class Sop:
    """One SOP AP: the identity part and the flowchart part."""

    title: str = ""
    number: str = ""
    unit: str = ""
    dates: Dates = field(default_factory=Dates)
    approval: Approval = field(default_factory=Approval)
    classification: Classification = field(default_factory=Classification)
    legal_basis: list[str] = field(default_factory=list)
    qualifications: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    # Template-only (compatible extension of sop-ap/1): the group a general SOP belongs to,
    # e.g. "Persuratan", "Kepegawaian". Empty for ordinary SOPs.
    category: str = ""
    # Where each top-level key was read from: {"title": 2, "steps": 20, ...}. Not compared.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def step(self, number: int) -> Step:
        """The step with this 1-based number."""
        return self.steps[number - 1]


# ---------------------------------------------------------------------------------------------
# Records of a workshop (persisted by ``store``)
# ---------------------------------------------------------------------------------------------

TEAM_ROLES: Final[tuple[str, ...]] = ("ketua", "sekretaris", "anggota")
TEAM_MODELS: Final[tuple[str, ...]] = ("internal", "eksternal", "gabungan")
EXISTING_DECISIONS: Final[tuple[str, ...]] = ("tetap", "revisi", "ganti", "cabut")
EVALUATION_DECISIONS: Final[tuple[str, ...]] = ("tetap", "revisi", "cabut")
MONITORING_ASSESSMENTS: Final[tuple[str, ...]] = (
    "Berjalan dengan baik",
    "Tidak berjalan dengan baik",
)


@dataclass
class Event:
    """The workshop event itself."""

    title: str = ""
    organiser: str = ""  # e.g. Biro Organisasi Setda Provinsi Jawa Tengah
    host_government: str = ""  # e.g. Pemerintah Kabupaten Wonosobo
    venue: str = ""
    start_date: str | None = None
    end_date: str | None = None
    facilitators: list[str] = field(default_factory=list)
    theme: str = "default"  # "default" | "proyektor", remembered per workshop


@dataclass
class Member:
    """A member of a unit's Tim Penyusun SOP."""

    id: str
    unit: str  # unit slug
    name: str
    nip: str = ""
    position: str = ""
    role: str = "anggota"  # ketua | sekretaris | anggota


@dataclass
class Unit:
    """An OPD taking part in the workshop."""

    slug: str
    name: str
    short_name: str = ""
    head_position: str = ""  # e.g. Kepala Dinas
    numbering: str = ""  # e.g. "{kode}/SOP.{seq:02}/{singkatan}/{tahun}"
    pin_hash: str = ""  # "salt$hash"; empty when no PIN was generated
    team_model: str = ""  # internal | eksternal | gabungan
    sk_number: str = ""
    sk_date: str | None = None
    readiness: list[str] = field(default_factory=list)  # ids of ticked readiness items


@dataclass
class AgendaItem:
    title: str
    stage: str  # stage id from pedoman.yaml (persiapan, kebutuhan, ...)
    minutes: int
    notes: str = ""


@dataclass
class ActionItem:
    what: str
    unit: str = ""  # unit slug or ""
    due: str | None = None
    done: bool = False


@dataclass
class Session:
    """One meeting of the pendampingan (a day of the workshop, a clinic, a monev meeting)."""

    id: str
    title: str
    date: str | None = None
    plan: str = ""
    agenda: list[AgendaItem] = field(default_factory=list)
    state: str = "planned"  # planned | running | paused | ended
    current_item: int = 0
    item_started_at: str | None = None  # timestamp when the current item (re)started running
    item_elapsed: float = 0.0  # seconds spent on the current item before item_started_at
    started_at: str | None = None
    ended_at: str | None = None
    attended_units: list[str] = field(default_factory=list)
    attended_members: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    notes: str = ""
    decisions: list[str] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    parking_lot: list[str] = field(default_factory=list)


@dataclass
class Vote:
    unit: str
    member: str  # member id
    need: str  # need row id
    count: int = 1


@dataclass
class LogEntry:
    """One line of the activity log: who changed what, when."""

    at: str
    who: str  # "fasilitator" or a unit slug
    action: str  # e.g. "sop.create", "sop.step.update", "sop.approve"
    unit: str = ""
    target: str = ""  # e.g. an SOP id
    detail: str = ""


@dataclass
class NeedRow:
    """One row of Tabel 6 (Formulir Identifikasi SOP AP Berdasarkan Tugas dan Fungsi)."""

    id: str
    tugas: str = ""
    fungsi: str = ""
    uraian_tugas: str = ""
    kegiatan: str = ""
    output: str = ""
    aspek: str = ""
    title: str = ""  # Judul SOP (suggested as aspek + output, editable)
    activity: str = "rutin"  # pelayanan | rutin | penugasan
    source: str = ""  # "" or e.g. "existing:<id>" when it came from an existing-SOP decision
    urgency: int = 0
    frequency: int = 0
    risk: int = 0
    sop_id: str = ""  # the draft SOP made from this row


@dataclass
class ExistingSop:
    id: str
    title: str
    decision: str = ""  # tetap | revisi | ganti | cabut
    reason: str = ""


@dataclass
class Comment:
    """A review comment on a step or a field (pengujian dan reviu)."""

    id: str
    author: str
    text: str
    step: int | None = None
    field: str | None = None
    resolved: bool = False
    at: str | None = None


@dataclass
class TrialNote:
    who: str
    text: str
    date: str | None = None


@dataclass
class ImplementationRecord:
    """Penerapan: sosialisasi, pelatihan or distribusi of an approved SOP."""

    date: str | None
    kind: str  # sosialisasi | pelatihan | distribusi
    audience: str = ""
    method: str = ""
    reached: int = 0


@dataclass
class MonitoringRow:
    """One row of Tabel 7."""

    period: str  # e.g. "2018-S2"
    assessment: str  # one of MONITORING_ASSESSMENTS
    notes: str = ""  # Catatan Hasil Penilaian
    action: str = ""  # Tindakan yang Harus Diambil
    assessor: str = ""  # Paraf Penilai
    methods: list[str] = field(default_factory=list)
    date: str | None = None


@dataclass
class Evaluation:
    """Evaluasi Penerapan SOP AP: seven yes/no answers and a follow-up decision."""

    date: str | None
    answers: list[bool]  # seven answers, in the order of pedoman.yaml
    notes: list[str] = field(default_factory=list)  # one note per question ("" when none)
    decision: str = ""  # tetap | revisi | cabut
    reason: str = ""

    @property
    def share_yes(self) -> float:
        return sum(1 for a in self.answers if a) / len(self.answers) if self.answers else 0.0


@dataclass
class SopVersion:
    """An earlier version of an SOP, kept when an approved SOP is edited."""

    version: int
    sop: Sop
    status: str
    summary: str = ""  # change summary of the version that replaced it
    at: str | None = None


@dataclass
class SopRecord:
    """An SOP inside a workshop: the current version and everything around it."""

    id: str
    sop: Sop
    status: str = SopStatus.DRAF.value  # one of SOP_STATUSES (workshop.status)
    version: int = 1
    change_summary: str = ""
    template: str = ""  # id of the template it was adopted from, if any
    need: str = ""  # id of the needs row it came from, if any
    retired_reason: str = ""
    versions: list[SopVersion] = field(default_factory=list)
    reviews: list[Comment] = field(default_factory=list)
    trials: list[TrialNote] = field(default_factory=list)
    implementation: list[ImplementationRecord] = field(default_factory=list)
    monitoring: list[MonitoringRow] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
