"""Checks of an SOP against the guideline -> findings (severity, place, principle, message).

Every finding names the drafting principle it serves (its name as in ``pedoman.yaml``) and says
in Bahasa Indonesia what is wrong and what to do. Codes are stable kebab-case ids.

Errors (the SOP cannot be drawn or run as written):
    no-title, no-actors, no-steps, activity-empty, kind-unknown, actor-unknown,
    decision-branch-missing, branch-target-missing, first-not-start, no-end, step-unreachable,
    step-dead-end, time-invalid.
Warnings (the SOP runs but falls short of the guideline):
    activity-not-active, decision-not-question, requirements-missing, time-missing,
    output-missing, identity-empty (legal_basis, qualifications, equipment, warnings, records),
    actor-unused, actor-duplicate, actor-person-name, too-many-actors, too-many-steps,
    related-unknown, start-extra, decision-same-branches, branch-ignored,
    legal-basis-replaced (a Dasar Hukum line names a regulation that a later one replaced,
    per the register ``templates/regulasi.yaml``; see ``workshop.regulations``).

Choices:
- Mutu baku (kelengkapan, waktu, output) is expected on every ``start``, ``process`` and ``end``
  step: in an SOP AP the capsules are real activities ("Menerima surat masuk", "Mengarsipkan
  surat"). A ``decision`` needs none (it judges the output of the step before it); a time
  written on a decision is still checked. A capsule whose activity is only "Mulai" or "Selesai"
  is a bare terminator and is exempt from the mutu baku and active-verb checks.
- An activity is active when its first word is an active verb (``pedoman.verbs``: the prefixes
  me-/mem-/men-/meng-/meny-/menge-/ber-, a known list, minus look-alikes such as "Menteri").
  When the activity starts with an actor ("Kasubbag Umum menerima ...") or a word followed by a
  verb, the message says to drop the subject.
- A person's name as an actor is recognised only by an honorific first (Bapak, Ibu, Sdr...), a
  title with its dot first (Drs., H., Ir....), a degree after a comma (", S.E.", ", M.Si") or an
  18-digit NIP, to avoid false positives on job titles.
- ``related`` titles are compared case-insensitively with spaces collapsed.
- Dead ends are reported only when the SOP has an ``end`` step (otherwise "no-end" says it).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from workshop import flow
from workshop.duration import try_parse_duration
from workshop.model import STEP_KINDS, Sop, Step
from workshop.pedoman import Pedoman, load_pedoman
from workshop.regulations import Register, load_register, replaced_lines

ERROR: Final = "error"
WARNING: Final = "warning"
# The one word for each severity wherever a person reads it (TUI, CLI, board, documents).
SEVERITY_LABELS: Final[dict[str, str]] = {ERROR: "kesalahan", WARNING: "peringatan"}


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning"
    code: str  # stable kebab-case id, e.g. "no-title", "actor-unknown"
    message: str  # Bahasa Indonesia: what is wrong AND what to do
    principle: str | None  # principle NAME from pedoman (e.g. "keterukuran")
    step: int | None = None
    field: str | None = None  # e.g. "title", "actors", "steps.3.time", "legal_basis"
    line: int | None = None  # from Sop.lines / Step.line when known


# The principle (pedoman id) each check serves.
PRINCIPLE_OF: Final[dict[str, str]] = {
    "no-title": "kemudahan_kejelasan",
    "no-actors": "kemudahan_kejelasan",
    "no-steps": "kemudahan_kejelasan",
    "activity-empty": "kemudahan_kejelasan",
    "kind-unknown": "kemudahan_kejelasan",
    "actor-unknown": "kemudahan_kejelasan",
    "decision-branch-missing": "kemudahan_kejelasan",
    "branch-target-missing": "kemudahan_kejelasan",
    "first-not-start": "kemudahan_kejelasan",
    "no-end": "kemudahan_kejelasan",
    "step-unreachable": "efisiensi_efektivitas",
    "step-dead-end": "efisiensi_efektivitas",
    "time-invalid": "keterukuran",
    "activity-not-active": "kemudahan_kejelasan",
    "decision-not-question": "kemudahan_kejelasan",
    "requirements-missing": "keterukuran",
    "time-missing": "keterukuran",
    "output-missing": "keterukuran",
    "actor-unused": "efisiensi_efektivitas",
    "actor-duplicate": "kemudahan_kejelasan",
    "actor-person-name": "dinamis",
    "too-many-actors": "kemudahan_kejelasan",
    "too-many-steps": "kemudahan_kejelasan",
    "related-unknown": "keselarasan",
    "start-extra": "kemudahan_kejelasan",
    "decision-same-branches": "efisiensi_efektivitas",
    "branch-ignored": "kemudahan_kejelasan",
    "legal-basis-replaced": "kepatuhan_hukum",
}

# Identity boxes that should not stay empty: field, label, principle id, what to write.
_IDENTITY_BOXES: Final[tuple[tuple[str, str, str, str], ...]] = (
    (
        "legal_basis",
        "Dasar Hukum",
        "kepatuhan_hukum",
        "Tuliskan peraturan yang menjadi dasar prosedur ini.",
    ),
    (
        "qualifications",
        "Kualifikasi Pelaksana",
        "kemudahan_kejelasan",
        "Tuliskan pengetahuan atau keterampilan yang harus dimiliki pelaksana.",
    ),
    (
        "equipment",
        "Peralatan/Perlengkapan",
        "efisiensi_efektivitas",
        "Tuliskan alat dan bahan yang dibutuhkan, mis. komputer atau buku agenda.",
    ),
    (
        "warnings",
        "Peringatan",
        "kemudahan_kejelasan",
        "Tuliskan akibat yang terjadi bila SOP tidak dijalankan.",
    ),
    (
        "records",
        "Pencatatan dan Pendataan",
        "keterukuran",
        "Tuliskan catatan atau data yang disimpan, mis. buku agenda atau lembar disposisi.",
    ),
)

_BRANCH_LABEL: Final[dict[str, str]] = {"if_yes": "Ya", "if_no": "Tidak", "next": "lanjut ke"}
_TERMINATOR_WORDS: Final = frozenset({"mulai", "selesai"})
_HONORIFICS: Final = frozenset(
    {"bapak", "bpk", "pak", "ibu", "bu", "sdr", "sdri", "saudara", "saudari", "tuan", "nyonya"}
)
# Titles written before a name, always with their dot: "Drs. Ahmad", "H. Budi", "Ir. Siti".
_PREFIX_TITLES: Final = frozenset({"dr.", "drs.", "dra.", "ir.", "h.", "hj.", "prof."})
# Degrees written after a name and a comma: "Budi Santoso, S.E.", "Siti, S.Kom, M.Si", "Ani, SH".
_DEGREE_AFTER_COMMA: Final = re.compile(
    r",\s*(?:[A-Za-z]{1,3}\.\s?[A-Za-z]{0,5}\.?|SE|SH|ST|MM|MT|MSi|SPd|SKom|SSos|AMd)(?:$|[\s,])"
)
_NIP_RE: Final = re.compile(r"\d{18}|\d{8}\s\d{6}\s\d\s\d{3}")
_SPACES: Final = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _first_word(text: str) -> str:
    return text.split(maxsplit=1)[0].strip(".,;:!?\"'()") if text.strip() else ""


def _looks_like_person(actor: str) -> bool:
    words = actor.split()
    if not words:
        return False
    first = words[0].casefold()
    if first.rstrip(".") in _HONORIFICS or first in _PREFIX_TITLES:
        return True
    return bool(_NIP_RE.search(actor) or _DEGREE_AFTER_COMMA.search(actor))


class _Checker:
    def __init__(self, sop: Sop, pedoman: Pedoman, register: Register | None = None) -> None:
        self.sop = sop
        self.pedoman = pedoman
        self.register = register
        self.findings: list[Finding] = []

    # -- helpers ---------------------------------------------------------------------------

    def add(
        self,
        severity: str,
        code: str,
        message: str,
        *,
        step: int | None = None,
        field: str | None = None,
        principle: str | None = None,
        line_key: str | None = None,
    ) -> None:
        pid = principle or PRINCIPLE_OF[code]
        name = self.pedoman.principle(pid).name
        line = self.line(step, field, line_key)
        self.findings.append(Finding(severity, code, message, name, step, field, line))

    def line(self, step: int | None, field: str | None, key: str | None = None) -> int | None:
        lines = self.sop.lines
        if key is not None and key in lines:
            return lines[key]
        if field is not None and field in lines:
            return lines[field]
        if step is not None:
            return self.sop.steps[step - 1].line
        if field is not None:
            return lines.get(field.split(".", 1)[0])
        return None

    # -- identity --------------------------------------------------------------------------

    def identity(self, known_titles: Collection[str] | None) -> None:
        sop = self.sop
        if not sop.title.strip():
            self.add(
                ERROR,
                "no-title",
                "SOP belum berjudul. Tuliskan Nama SOP: aspek kegiatan ditambah output, "
                'mis. "Pengelolaan Surat Masuk".',
                field="title",
            )
        for name, label, principle, hint in _IDENTITY_BOXES:
            values: list[str] = getattr(sop, name)
            if not any(v.strip() for v in values):
                self.add(
                    WARNING,
                    "identity-empty",
                    f'Kotak "{label}" masih kosong. {hint}',
                    field=name,
                    principle=principle,
                )
        if self.register is not None:
            for i, line, new in replaced_lines(sop.legal_basis, self.register):
                self.add(
                    WARNING,
                    "legal-basis-replaced",
                    f'Dasar hukum "{line}" sudah dicabut dan diganti dengan {new.citation}. '
                    "Ganti rujukannya dengan peraturan yang berlaku.",
                    field="legal_basis",
                    line_key=f"legal_basis.{i + 1}",
                )
        if known_titles is not None and sop.related:
            known = {_norm(t) for t in known_titles}
            for i, title in enumerate(sop.related):
                if title.strip() and _norm(title) not in known:
                    self.add(
                        WARNING,
                        "related-unknown",
                        f'SOP terkait "{title}" tidak ada di antara SOP yang diperiksa. '
                        "Periksa penulisan judulnya, atau susun SOP tersebut.",
                        field="related",
                        line_key=f"related.{i + 1}",
                    )

    # -- actors ----------------------------------------------------------------------------

    def actors(self) -> None:
        sop = self.sop
        actors = [(i, a) for i, a in enumerate(sop.actors, start=1) if a.strip()]
        if not actors:
            self.add(
                ERROR,
                "no-actors",
                "SOP belum memiliki pelaksana. Tuliskan jabatan setiap pelaksana "
                '(mis. "Kasubbag Umum") sesuai urutan kolomnya.',
                field="actors",
            )
            return
        seen: set[str] = set()
        for i, actor in actors:
            key = _norm(actor)
            if key in seen:
                self.add(
                    WARNING,
                    "actor-duplicate",
                    f'Pelaksana "{actor}" tertulis lebih dari sekali. Hapus salah satunya '
                    "agar setiap pelaksana punya satu kolom.",
                    field="actors",
                    line_key=f"actors.{i}",
                )
            seen.add(key)
            if _looks_like_person(actor):
                self.add(
                    WARNING,
                    "actor-person-name",
                    f'Pelaksana "{actor}" tampak seperti nama orang. Tuliskan jabatannya '
                    '(mis. "Kepala Subbagian Umum"), bukan nama pejabatnya.',
                    field="actors",
                    line_key=f"actors.{i}",
                )
        used = {s.actor for s in sop.steps}
        if sop.steps:
            for i, actor in actors:
                if actor not in used:
                    self.add(
                        WARNING,
                        "actor-unused",
                        f'Pelaksana "{actor}" tidak menjalankan satu langkah pun. Hapus dari '
                        "daftar pelaksana, atau tetapkan langkah yang dikerjakannya.",
                        field="actors",
                        line_key=f"actors.{i}",
                    )
        limit = self.pedoman.max_actors
        if len(seen) > limit:
            self.add(
                WARNING,
                "too-many-actors",
                f"SOP ini memiliki {len(seen)} pelaksana, lebih dari {limit} kolom yang muat "
                "dalam satu halaman lanskap. Gabungkan pelaksana yang perannya sama, atau "
                "pecah menjadi beberapa SOP.",
                field="actors",
            )

    # -- steps -----------------------------------------------------------------------------

    def steps(self) -> None:
        sop = self.sop
        steps = sop.steps
        n = len(steps)
        if n == 0:
            self.add(
                ERROR,
                "no-steps",
                "SOP belum memiliki langkah kegiatan. Tambahkan langkah dari kegiatan pertama "
                "(mulai) sampai kegiatan terakhir (selesai).",
                field="steps",
            )
            return
        if n > self.pedoman.max_steps:
            self.add(
                WARNING,
                "too-many-steps",
                f"SOP ini memiliki {n} langkah, lebih dari {self.pedoman.max_steps} langkah yang "
                "muat dalam satu halaman lanskap; bagan akan bersambung ke halaman berikutnya. "
                "Pertimbangkan memecahnya menjadi beberapa SOP mikro.",
                field="steps",
            )
        actors = set(sop.actors)
        if steps[0].kind != "start":
            self.add(
                ERROR,
                "first-not-start",
                'Langkah 1 harus berjenis "mulai" (kapsul). Jadikan kegiatan pertama sebagai '
                "awal prosedur.",
                step=1,
                field="steps.1.kind",
            )
        if not any(s.kind == "end" for s in steps):
            self.add(
                ERROR,
                "no-end",
                'SOP belum memiliki langkah "selesai" (kapsul). Tandai kegiatan terakhir '
                "sebagai akhir prosedur.",
                field="steps",
            )
        for number, step in enumerate(steps, start=1):
            self.step(number, step, n, actors)
        for number, name, target in flow.bad_targets(sop):
            label = _BRANCH_LABEL[name]
            self.add(
                ERROR,
                "branch-target-missing",
                f"Langkah {number} mengarah ({label}) ke langkah {target} yang tidak ada; "
                f"SOP ini hanya memiliki langkah 1 sampai {n}. Perbaiki nomor tujuannya.",
                step=number,
                field=f"steps.{number}.{name}",
            )
        for number in flow.unreachable_steps(sop):
            self.add(
                ERROR,
                "step-unreachable",
                f"Langkah {number} tidak pernah tercapai dari langkah 1. Hubungkan langkah "
                "sebelumnya ke langkah ini, atau hapus langkah ini.",
                step=number,
            )
        if any(s.kind == "end" for s in steps):
            for number in flow.dead_end_steps(sop):
                self.add(
                    ERROR,
                    "step-dead-end",
                    f"Dari langkah {number} prosedur tidak pernah sampai ke langkah selesai. "
                    "Periksa arah alur dan cabang keputusannya.",
                    step=number,
                )

    def step(self, number: int, step: Step, n: int, actors: set[str]) -> None:
        activity = step.activity.strip()
        where = f"steps.{number}"
        if step.kind not in STEP_KINDS:
            self.add(
                ERROR,
                "kind-unknown",
                f'Jenis langkah {number} "{step.kind}" tidak dikenal. Pilih salah satu: '
                "start (mulai), process (proses), decision (keputusan), end (selesai).",
                step=number,
                field=f"{where}.kind",
            )
        if number > 1 and step.kind == "start":
            self.add(
                WARNING,
                "start-extra",
                f'Langkah {number} berjenis "mulai", padahal prosedur hanya dimulai di '
                "langkah 1. Ubah menjadi proses.",
                step=number,
                field=f"{where}.kind",
            )
        if not step.actor.strip():
            self.add(
                ERROR,
                "actor-unknown",
                f"Pelaksana langkah {number} belum diisi. Pilih salah satu pelaksana SOP.",
                step=number,
                field=f"{where}.actor",
            )
        elif step.actor not in actors:
            close = difflib.get_close_matches(step.actor, self.sop.actors, n=1, cutoff=0.75)
            hint = f' (mungkin maksudnya "{close[0]}")' if close else ""
            self.add(
                ERROR,
                "actor-unknown",
                f'Pelaksana langkah {number} "{step.actor}" tidak ada dalam daftar pelaksana. '
                f"Tambahkan ke daftar pelaksana, atau perbaiki penulisannya{hint}.",
                step=number,
                field=f"{where}.actor",
            )
        if step.kind == "decision":
            self.decision(number, step, n, activity)
        else:
            for name in ("if_yes", "if_no"):
                if getattr(step, name) is not None:
                    self.add(
                        WARNING,
                        "branch-ignored",
                        f"Langkah {number} bukan keputusan, sehingga cabang "
                        f"{_BRANCH_LABEL[name]} diabaikan. Jadikan langkah ini keputusan, "
                        f'atau pakai "next" untuk melompat.',
                        step=number,
                        field=f"{where}.{name}",
                    )
            if step.kind == "end" and step.next is not None:
                self.add(
                    WARNING,
                    "branch-ignored",
                    f"Langkah {number} adalah akhir prosedur, sehingga lompatannya diabaikan. "
                    "Hapus nomor lanjutannya, atau ubah jenis langkahnya.",
                    step=number,
                    field=f"{where}.next",
                )
        if not activity:
            self.add(
                ERROR,
                "activity-empty",
                f"Kegiatan langkah {number} belum diisi. Tuliskan kegiatannya dengan kata kerja "
                'aktif, mis. "Menerima surat masuk".',
                step=number,
                field=f"{where}.activity",
            )
        terminator = (
            step.kind in ("start", "end") and activity.strip(".!").casefold() in _TERMINATOR_WORDS
        )
        if activity and step.kind != "decision" and not terminator:
            self.active_verb(number, step, activity)
        if step.time.strip() and try_parse_duration(step.time) is None:
            self.add(
                ERROR,
                "time-invalid",
                f'Waktu langkah {number} "{step.time.strip()}" bukan angka dengan satuan. '
                'Tuliskan mis. "15 menit", "1 jam" atau "2 hari kerja".',
                step=number,
                field=f"{where}.time",
            )
        if step.kind != "decision" and not terminator:
            self.mutu_baku(number, step)

    def decision(self, number: int, step: Step, n: int, activity: str) -> None:
        where = f"steps.{number}"
        if step.if_no is None:
            self.add(
                ERROR,
                "decision-branch-missing",
                f"Keputusan langkah {number} belum punya cabang Tidak. Tuliskan nomor langkah "
                "yang dituju bila jawabannya Tidak.",
                step=number,
                field=f"{where}.if_no",
            )
        if step.if_yes is None and number == n:
            self.add(
                ERROR,
                "decision-branch-missing",
                f"Keputusan langkah {number} adalah langkah terakhir dan belum punya cabang Ya. "
                "Tuliskan nomor langkah yang dituju bila jawabannya Ya.",
                step=number,
                field=f"{where}.if_yes",
            )
        yes = step.if_yes if step.if_yes is not None else number + 1
        if step.if_no is not None and yes == step.if_no:
            self.add(
                WARNING,
                "decision-same-branches",
                f"Cabang Ya dan Tidak keputusan langkah {number} menuju langkah yang sama "
                f"({yes}). Keputusan ini tidak mengubah alur: arahkan cabang Tidak ke langkah "
                "lain, atau jadikan langkah ini proses.",
                step=number,
                field=f"{where}.if_no",
            )
        if step.next is not None:
            self.add(
                WARNING,
                "branch-ignored",
                f'Langkah {number} adalah keputusan, sehingga "next" diabaikan. Pakai cabang '
                "Ya dan Tidak.",
                step=number,
                field=f"{where}.next",
            )
        if activity and not (
            activity.endswith("?") or _first_word(activity).casefold() == "apakah"
        ):
            self.add(
                WARNING,
                "decision-not-question",
                f'Keputusan langkah {number} ("{activity}") belum berbentuk pertanyaan. '
                'Tuliskan sebagai pertanyaan ya/tidak, mis. "Apakah berkas lengkap?".',
                step=number,
                field=f"{where}.activity",
            )

    def active_verb(self, number: int, step: Step, activity: str) -> None:
        verbs = self.pedoman.verbs
        words = activity.split()
        if verbs.is_active_verb(words[0]):
            return
        subject: str | None = None
        folded = activity.casefold()
        for actor in sorted({step.actor, *self.sop.actors}, key=len, reverse=True):
            if actor.strip() and folded.startswith(actor.casefold()):
                subject = activity[: len(actor)]
                break
        if subject is None and len(words) > 1 and verbs.is_active_verb(words[1]):
            subject = words[0]
        if subject is not None:
            message = (
                f'Kegiatan langkah {number} diawali subjek "{subject}". Hapus subjeknya '
                "(pelaksana sudah terlihat dari kolomnya) dan mulai dengan kata kerja aktif, "
                'mis. "Menerima surat masuk".'
            )
        else:
            message = (
                f'Kegiatan langkah {number} ("{activity}") tidak diawali kata kerja aktif. '
                'Tuliskan sebagai kalimat aktif tanpa subjek, mis. "Menerima surat masuk".'
            )
        self.add(
            WARNING, "activity-not-active", message, step=number, field=f"steps.{number}.activity"
        )

    def mutu_baku(self, number: int, step: Step) -> None:
        where = f"steps.{number}"
        if not any(r.strip() for r in step.requirements):
            self.add(
                WARNING,
                "requirements-missing",
                f"Kelengkapan langkah {number} masih kosong. Tuliskan dokumen atau bahan yang "
                "dibutuhkan untuk kegiatan ini.",
                step=number,
                field=f"{where}.requirements",
            )
        if not step.time.strip():
            self.add(
                WARNING,
                "time-missing",
                f'Waktu langkah {number} masih kosong. Tuliskan lamanya, mis. "10 menit".',
                step=number,
                field=f"{where}.time",
            )
        if not step.output.strip():
            self.add(
                WARNING,
                "output-missing",
                f"Output langkah {number} masih kosong. Tuliskan hasil kegiatan ini, "
                'mis. "Surat tercatat".',
                step=number,
                field=f"{where}.output",
            )


def _sort_key(f: Finding) -> tuple[int, int, int]:
    return (0 if f.severity == ERROR else 1, 0 if f.step is None else 1, f.step or 0)


def check_sop(
    sop: Sop,
    *,
    known_titles: Collection[str] | None = None,
    pedoman: Pedoman | None = None,
    register: Register | None = None,
) -> list[Finding]:
    """All findings for ``sop``: errors first, then warnings; within each, SOP-level findings
    first, then by step number (stable otherwise).

    ``known_titles``: titles of the SOPs the workshop (or the checked folder) has; a ``related``
    title not among them is a warning. Not checked when None.
    ``register``: the register of regulations (default: the shipped ``templates/regulasi.yaml``).
    """
    checker = _Checker(sop, pedoman or load_pedoman(), register or load_register())
    checker.identity(known_titles)
    checker.actors()
    checker.steps()
    return sorted(checker.findings, key=_sort_key)
