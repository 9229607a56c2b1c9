"""The official SOP document (kop, boxes, flowchart table) as one view model, for every renderer.

PermenPAN-RB 35/2012 fixes what a signed SOP shows, landscape:

- the **kop**: a table whose left part holds the logo and the organisation lines
  (``PEMERINTAH KABUPATEN WONOSOBO`` / ``DINAS PENDIDIKAN`` / ...), and whose right part holds
  Nomor SOP, Tanggal Pembuatan, Tanggal Revisi, Tanggal Efektif, Disahkan oleh (position, room
  to sign and stamp, name, NIP) and Nama SOP;
- three pairs of boxes: Dasar Hukum | Kualifikasi Pelaksana, Keterkaitan |
  Peralatan/Perlengkapan, Peringatan | Pencatatan dan Pendataan, each a list printed one item
  per line, numbered;
- the flowchart table (:func:`workshop.export.sop_table.sop_table`) and the total time.

:func:`sop_document` builds it once from an SOP and the workshop's document settings, with
every value ready to print: dates in Indonesian long form (:func:`workshop.datetext.long_date`),
:data:`workshop.datetext.BLANK` where a person must fill in by hand, text on one line without
control characters. Markdown, HTML, Word and PDF render it; none of them formats a date, picks
the organisation lines or decides what a draft shows on its own. Nothing here escapes text for
a format: each renderer does that for its own.

Only a draft carries the "DRAF" mark and the working lines (status, kind of SOP); an approved
SOP shows exactly what the official form has (the classification stays in the book's list and
in the YAML).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from workshop.datetext import BLANK, long_date
from workshop.docsettings import DocumentSettings, Paper, letterhead_lines
from workshop.export.mdutil import one_line
from workshop.export.sop_table import SopTable, sop_table
from workshop.export.sopview import total_time_text
from workshop.fields import IDENTITY_LISTS
from workshop.model import Event, Sop, Unit

__all__ = [
    "APPROVAL_LABEL",
    "BOX_PAIRS",
    "DATE_LABELS",
    "NUMBER_LABEL",
    "TITLE_LABEL",
    "Box",
    "KopField",
    "Signature",
    "SopDocument",
    "sop_document",
]

NUMBER_LABEL: Final = "Nomor SOP"
DATE_LABELS: Final[tuple[tuple[str, str], ...]] = (
    ("created", "Tanggal Pembuatan"),
    ("revised", "Tanggal Revisi"),
    ("effective", "Tanggal Efektif"),
)
APPROVAL_LABEL: Final = "Disahkan oleh"
TITLE_LABEL: Final = "Nama SOP"

BOX_PAIRS: Final[tuple[tuple[str, str], ...]] = (
    ("legal_basis", "qualifications"),
    ("related", "equipment"),
    ("warnings", "records"),
)
"""The three rows of boxes, by SOP field key (labels come from :data:`fields.IDENTITY_LISTS`)."""


@dataclass(frozen=True)
class KopField:
    """One line of the right part of the kop: its label and its value, ready to print."""

    label: str  # "Nomor SOP", "Tanggal Pembuatan", ...
    value: str  # long dates, BLANK where empty


@dataclass(frozen=True)
class Signature:
    """The "Disahkan oleh" cell: position, then room to sign and stamp, name, NIP."""

    position: str  # BLANK where empty
    name: str  # BLANK where empty
    nip: str  # BLANK where empty; "" only when the form has no NIP line


@dataclass(frozen=True)
class Box:
    """One box under the kop: a label and its list (empty: nothing written yet)."""

    label: str
    items: tuple[str, ...]  # printed one item per line, numbered; never an empty item
    key: str = ""  # the SOP field (legal_basis, qualifications, ...)


@dataclass(frozen=True)
class SopDocument:
    """Everything a renderer prints for one SOP (see the module docstring)."""

    org_lines: tuple[str, ...]  # docsettings.letterhead_lines(...); may be empty
    logo: Path | None  # absolute path of the validated logo file, or None
    title: str  # Nama SOP (BLANK when the SOP has no title)
    fields: tuple[KopField, ...]  # Nomor SOP, Tanggal Pembuatan, Revisi, Efektif
    approval: Signature  # Disahkan oleh
    boxes: tuple[tuple[Box, Box], ...]  # the three pairs, left | right
    draft: bool  # True: "DRAF" mark; False: no status or classification lines at all
    paper: Paper
    table: SopTable
    total_time: str
    # Added to the shared interface (issue 19, S): the working lines only a draft shows.
    status: str = ""  # the workshop status of a draft ("" for an approved SOP or a plain file)
    kinds: tuple[str, ...] = ()  # the classification of a draft (Jenis SOP); () when approved
    sop: Sop | None = field(default=None, compare=False, repr=False)  # for the flowchart layout

    @property
    def kop_fields(self) -> tuple[KopField, ...]:
        """The right part of the kop as label/value lines, in the official order, for a
        renderer that prints the signature as one text ("Disahkan oleh": position, name, NIP)."""
        return (
            *self.fields,
            KopField(APPROVAL_LABEL, self.approval_text),
            KopField(TITLE_LABEL, self.title),
        )

    @property
    def approval_text(self) -> str:
        """The signature on one line: ``Kepala Dinas, Nama, NIP. 1970...``."""
        parts = [self.approval.position, self.approval.name]
        if self.approval.nip:
            parts.append("NIP. " + self.approval.nip)
        return ", ".join(parts)


def _clean(text: str | None) -> str:
    """One line of printable text (control characters dropped, whitespace runs collapsed), as
    every Markdown cell shows user text (:func:`mdutil.one_line`)."""
    return one_line(text or "")


def _or_blank(text: str | None) -> str:
    return _clean(text) or BLANK


def _boxes(sop: Sop) -> tuple[tuple[Box, Box], ...]:
    labels = dict(IDENTITY_LISTS)

    def box(key: str) -> Box:
        items = tuple(c for c in (_clean(item) for item in getattr(sop, key)) if c)
        return Box(labels[key], items, key)

    return tuple((box(left), box(right)) for left, right in BOX_PAIRS)


def sop_document(
    sop: Sop,
    *,
    settings: DocumentSettings,
    event: Event,
    unit: Unit | None,
    logo: Path | None,
    approved: bool,
    status: str | None = None,
) -> SopDocument:
    """The official document of ``sop``.

    ``logo`` is the validated logo file (the caller checked it; None: no logo). ``approved``
    decides the draft mark; ``status`` (a draft's workshop status) is printed only on drafts.
    The signer's position falls back to the unit's ``head_position`` (the head of the unit
    signs its SOPs) when the SOP has none.
    """
    dates = sop.dates
    fields = (
        KopField(NUMBER_LABEL, _or_blank(sop.number)),
        *(KopField(label, _clean(long_date(getattr(dates, key))) or BLANK)
          for key, label in DATE_LABELS),
    )
    position = sop.approval.position.strip() or (unit.head_position if unit else "")
    approval = Signature(_or_blank(position), _or_blank(sop.approval.name),
                         _or_blank(sop.approval.nip))
    c = sop.classification
    kinds = () if approved else tuple(
        k for k in (_clean(v) for v in (c.nature, c.scope, c.completeness, c.generality,
                                        c.activity)) if k
    )
    return SopDocument(
        org_lines=tuple(c for c in (_clean(line) for line in
                                    letterhead_lines(settings, event, unit)) if c),
        logo=logo,
        title=_or_blank(sop.title),
        fields=fields,
        approval=approval,
        boxes=_boxes(sop),
        draft=not approved,
        paper=settings.paper_size,
        table=sop_table(sop),
        total_time=total_time_text(sop),
        status="" if approved else _clean(status),
        kinds=kinds,
        sop=sop,
    )
