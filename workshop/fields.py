"""The fields of an SOP and of a step, each declared once.

A :class:`FieldSpec` holds everything the program knows about one field: its YAML key (also
the attribute of :class:`workshop.model.Sop` / :class:`workshop.model.Step`), the keys people
write by habit instead (aliases, answered with "mungkin maksud Anda ..."), its label in Bahasa
Indonesia, the word the version diff uses, the hint of its box in the editor, and the kind of
value it holds. Everything that used to list the fields by hand derives from these tables:

- ``sopfile``: the allowed keys and their order, the alias hints, how each value is read and
  when it is written (``required`` and ``always`` keys always; others when not the default);
- ``editing``: which paths ``set_field`` / ``set_step_field`` accept and how each value is
  taken (the value kind), and the order of ``field_changes``;
- ``approval``: the words of the version diff (``diff_label``; empty: not compared);
- the editor screen: its step form (Tab order: :data:`STEP_SECTIONS`) and identity form;
- ``export.sop_table``: the Mutu Baku and Keterangan columns of the official flowchart table
  (step fields of section ``mutu_baku`` and ``keterangan``).

The store needs nothing from here: its JSON codec is generated from the dataclasses.

How to add a step field: see ``docs/architecture.md`` ("How to add a step field").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final, Literal

from workshop.model import (
    ACTIVITIES,
    COMPLETENESS,
    GENERALITIES,
    NATURES,
    SCOPES,
    STEP_KINDS,
    Approval,
    Classification,
    Dates,
    Sop,
)

__all__ = [
    "IDENTITY_LISTS",
    "SOP_FIELDS",
    "STEP_FIELDS",
    "STEP_SECTIONS",
    "FieldSpec",
    "default_of",
    "identity_form",
    "sop_field",
    "step_field",
    "step_form",
]

ValueKind = Literal["text", "actor", "list", "choice", "date", "step", "group", "steps"]
"""What a field holds, and so how it is read, edited and shown:

``text`` one line of text; ``actor`` text naming a column of ``Sop.actors``; ``list`` a list of
texts; ``choice`` one of ``choices`` (or empty); ``date`` an ISO date or None; ``step`` a step
number or None (a branch target); ``group`` a nested mapping of ``parts``; ``steps`` the list
of steps."""

Section = Literal["langkah", "cabang", "mutu_baku", "keterangan", ""]

STEP_SECTIONS: Final[tuple[Section, ...]] = ("langkah", "cabang", "mutu_baku", "keterangan", "")
"""The order of the step form by section. ``mutu_baku`` fields are the Mutu Baku columns of
the official flowchart table, ``keterangan`` its last column; ``""``: in the form (last), not in
the table."""


@dataclass(frozen=True)
class FieldSpec:
    """One field of an SOP (or of a group inside it) or of a step."""

    key: str  # YAML key = attribute name on the model
    label: str  # Bahasa label: editor form, documents, messages
    kind: ValueKind
    diff_label: str = ""  # the version diff's word for it; "" = not compared there
    hint: str = ""  # placeholder of its box in the editor ("" for a choice: its values)
    aliases: tuple[str, ...] = ()  # keys written by habit that mean this one
    choices: tuple[str, ...] = ()  # kind "choice": the allowed values
    required: bool = False  # a file must have it; always written
    always: bool = False  # always written, even when empty
    form: bool = True  # shown in the editor's form (steps: step form; SOP: identity form)
    section: Section = ""  # step fields: place in the form and in the official table
    parts: tuple[FieldSpec, ...] = ()  # kind "group": its fields

    @property
    def form_hint(self) -> str:
        """The placeholder of its box: ``hint``, or the choices of a choice field."""
        if self.hint or self.kind != "choice":
            return self.hint
        return " / ".join(self.choices)

    @property
    def written_always(self) -> bool:
        return self.required or self.always


def _part(key: str, label: str, kind: ValueKind, **more: Any) -> FieldSpec:
    return FieldSpec(key, label, kind, **more)


# The fields of the top level of sop-ap/1, in the order of the format (and of the YAML file).
SOP_FIELDS: Final[tuple[FieldSpec, ...]] = (
    FieldSpec("title", "Nama SOP", "text", diff_label="Nama SOP", required=True,
              aliases=("judul", "nama", "nama_sop", "name")),
    FieldSpec("number", "Nomor SOP", "text", hint="diisi saat pengesahan",
              aliases=("nomor", "nomor_sop", "no")),
    FieldSpec("unit", "Unit", "text"),
    FieldSpec("category", "Kategori", "text", form=False, aliases=("kategori",)),
    FieldSpec("dates", "Tanggal", "group", aliases=("tanggal",), parts=(
        _part("created", "Tanggal Pembuatan", "date", hint="TTTT-BB-HH"),
        _part("revised", "Tanggal Revisi", "date", hint="TTTT-BB-HH"),
        _part("effective", "Tanggal Efektif", "date",
              hint="TTTT-BB-HH (diisi saat pengesahan)"),
    )),
    FieldSpec("approval", "Disahkan oleh", "group", aliases=("pengesahan", "disahkan_oleh"),
              parts=(
                  _part("position", "Disahkan oleh: jabatan", "text"),
                  _part("name", "Disahkan oleh: nama", "text"),
                  _part("nip", "Disahkan oleh: NIP", "text"),
              )),
    FieldSpec("classification", "Klasifikasi", "group", diff_label="Klasifikasi",
              aliases=("klasifikasi",), parts=(
                  _part("nature", "Sifat", "choice", choices=NATURES),
                  _part("scope", "Cakupan", "choice", choices=SCOPES),
                  _part("completeness", "Kelengkapan", "choice", choices=COMPLETENESS),
                  _part("generality", "Keumuman", "choice", choices=GENERALITIES),
                  _part("activity", "Jenis kegiatan", "choice", choices=ACTIVITIES),
              )),
    # The six identity lists, in the order of the official layout.
    FieldSpec("legal_basis", "Dasar Hukum", "list", diff_label="Dasar Hukum",
              aliases=("dasar_hukum",)),
    FieldSpec("qualifications", "Kualifikasi Pelaksana", "list",
              diff_label="Kualifikasi Pelaksana",
              aliases=("kualifikasi", "kualifikasi_pelaksana")),
    FieldSpec("related", "Keterkaitan", "list", diff_label="Keterkaitan",
              aliases=("keterkaitan",)),
    FieldSpec("equipment", "Peralatan/Perlengkapan", "list",
              diff_label="Peralatan/Perlengkapan", aliases=("peralatan", "perlengkapan")),
    FieldSpec("warnings", "Peringatan", "list", diff_label="Peringatan",
              aliases=("peringatan",)),
    FieldSpec("records", "Pencatatan dan Pendataan", "list",
              diff_label="Pencatatan dan Pendataan",
              aliases=("pencatatan", "pencatatan_dan_pendataan")),
    # The actors have a tab of their own in the editor (not the identity form).
    FieldSpec("actors", "Pelaksana", "list", diff_label="Pelaksana", always=True, form=False,
              aliases=("pelaksana",)),
    FieldSpec("steps", "Daftar langkah", "steps", always=True, form=False,
              aliases=("langkah", "kegiatan", "prosedur")),
)

# The fields of a step, in the order of the format (and of the YAML file). The step form of the
# editor shows them by section (STEP_SECTIONS), in this order within a section.
STEP_FIELDS: Final[tuple[FieldSpec, ...]] = (
    FieldSpec("activity", "Kegiatan", "text", diff_label="kegiatan", required=True,
              section="langkah", hint="kata kerja aktif, mis. Menerima surat masuk",
              aliases=("kegiatan",)),
    FieldSpec("actor", "Pelaksana", "actor", diff_label="pelaksana", required=True,
              section="langkah", hint="nomor kolom atau nama jabatan",
              aliases=("pelaksana", "actors")),
    FieldSpec("kind", "Jenis", "choice", diff_label="jenis", choices=STEP_KINDS,
              section="langkah", hint="mulai / proses / keputusan / selesai (m p k s)",
              aliases=("jenis", "simbol")),
    FieldSpec("requirements", "Kelengkapan", "list", diff_label="kelengkapan",
              section="mutu_baku", hint="dipisah titik koma",
              aliases=("kelengkapan", "persyaratan")),
    FieldSpec("time", "Waktu", "text", diff_label="waktu", section="mutu_baku",
              hint="mis. 15 menit", aliases=("waktu",)),
    FieldSpec("output", "Output", "text", diff_label="output", section="mutu_baku",
              hint="hasil kegiatan", aliases=("keluaran",)),
    FieldSpec("note", "Keterangan", "text", diff_label="keterangan", section="keterangan",
              aliases=("keterangan", "catatan")),
    FieldSpec("if_yes", "Ya ke no.", "step", diff_label="Ya", section="cabang",
              hint="kosong: langkah berikutnya", aliases=("yes", "ya")),
    FieldSpec("if_no", "Tidak ke no.", "step", diff_label="Tidak", section="cabang",
              hint="wajib untuk keputusan", aliases=("no", "tidak")),
    FieldSpec("next", "Lanjut ke no.", "step", diff_label="lanjut ke", section="cabang",
              hint="kosong: langkah berikutnya", aliases=("lanjut",)),
)

_OWNERS: Final[dict[str, type]] = {
    "dates": Dates, "approval": Approval, "classification": Classification,
}


def sop_field(key: str) -> FieldSpec:
    """The declaration of a top-level SOP field (KeyError when there is none)."""
    for spec in SOP_FIELDS:
        if spec.key == key:
            return spec
    raise KeyError(key)


def step_field(key: str) -> FieldSpec:
    """The declaration of a step field (KeyError when there is none)."""
    for spec in STEP_FIELDS:
        if spec.key == key:
            return spec
    raise KeyError(key)


def default_of(owner: type, key: str) -> Any:
    """The model's default of ``owner.key`` (a fresh one for factories)."""
    for f in dataclasses.fields(owner):
        if f.name == key:
            if f.default is not dataclasses.MISSING:
                return f.default
            if f.default_factory is not dataclasses.MISSING:
                return f.default_factory()
    raise KeyError(key)


def owner_of(group: str) -> type:
    """The model class of a group field ("dates" -> Dates); Sop for "" (the top level)."""
    return _OWNERS[group] if group else Sop


def step_form() -> list[FieldSpec]:
    """The step fields in the editor's Tab order: by section, then in declaration order."""
    shown = [spec for spec in STEP_FIELDS if spec.form]
    return sorted(shown, key=lambda spec: STEP_SECTIONS.index(spec.section))


def identity_form() -> Iterator[tuple[str, FieldSpec]]:
    """``(path, spec)`` of the identity boxes of the editor: the text and group fields of the
    form ("title", "dates.created", ...); the lists are text areas of their own."""
    for spec in SOP_FIELDS:
        if not spec.form:
            continue
        if spec.kind == "group":
            for part in spec.parts:
                yield f"{spec.key}.{part.key}", part
        elif spec.kind in ("text", "date", "choice"):
            yield spec.key, spec


def identity_lists() -> tuple[tuple[str, str], ...]:
    """``(key, label)`` of the six identity lists, in the order of the official layout."""
    return tuple((s.key, s.label) for s in SOP_FIELDS if s.kind == "list" and s.form)


IDENTITY_LISTS: Final[tuple[tuple[str, str], ...]] = identity_lists()
"""The six identity lists with their labels (Dasar Hukum, ...), as the documents print them."""
