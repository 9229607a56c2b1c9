"""The widgets of the editor's later tabs (Identitas, Pelaksana, Bagan alir, Reviu), made when
a tab is first shown (:class:`workshop.tui.widgets.tabs.LazyPane`).

Each function returns the pane's widgets with their children passed in, so that the tree is the
one a ``compose`` would build. Filling them with the SOP is the editor's job
(:meth:`.editor_base.EditorBase.fill_pane`).
"""

from __future__ import annotations

from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, Static

from workshop.fields import IDENTITY_LISTS
from workshop.tui.stages.pengembangan.editor_form import (
    IDENTITY_FORM,
    EditorInput,
    EditorTextArea,
    dom_id,
)
from workshop.tui.widgets.fit_table import Column, FitTable
from workshop.tui.widgets.flowchart import FlowchartView

ACTOR_COLUMNS = (Column("column", "Kolom"), Column("actor", "Pelaksana", 2),
                 Column("steps", "Langkah", 1))
COMMENT_COLUMNS = (Column("where", "Tempat", 1), Column("author", "Penulis", 1),
                   Column("text", "Komentar", 3), Column("status", "Status"))
TRIAL_COLUMNS = (Column("date", "Tanggal"), Column("who", "Pelaku", 1),
                 Column("text", "Hasil", 3))

REVIEW_BOXES = (
    ("rv-author", "Penulis", "nama pereviu"),
    ("rv-target", "Langkah/bidang", "nomor langkah atau nama bidang"),
    ("rv-text", "Komentar", "lalu Enter"),
)
TRIAL_BOXES = (
    ("tr-who", "Pelaku uji coba", "siapa yang mencoba"),
    ("tr-text", "Hasil", "apa yang terjadi, lalu Enter"),
)


def _row(label: str, box: Widget) -> Horizontal:
    return Horizontal(Label(label), box, classes="row")


def _boxes(boxes: tuple[tuple[str, str, str], ...]) -> list[Widget]:
    return [_row(label, EditorInput(placeholder=hint, id=key, compact=True))
            for key, label, hint in boxes]


def identity_widgets() -> list[Widget]:
    """Identitas: one box per identity field, one text area per list."""
    children: list[Widget] = [
        _row(label, EditorInput(placeholder=hint, id=dom_id(path), compact=True))
        for path, label, hint in IDENTITY_FORM
    ]
    for name, label in IDENTITY_LISTS:
        children.append(Static(f"{label} (satu per baris)", classes="list-label"))
        children.append(EditorTextArea(id=dom_id(name), compact=True))
    return [VerticalScroll(*children, classes="form")]


def actor_widgets() -> list[Widget]:
    """Pelaksana: the actors' table and a box for a new one."""
    return [
        Static("Enter: ganti nama · Del: hapus · alt+↑/↓: pindah kolom", classes="hint"),
        FitTable(ACTOR_COLUMNS, id="actors", zebra_stripes=False),
        _row("Pelaksana baru",
             EditorInput(placeholder="jabatan, lalu Enter", id="actor-new", compact=True)),
    ]


def flowchart_widgets() -> list[Widget]:
    """Bagan alir: the flowchart view."""
    return [FlowchartView(id="flowchart")]


def review_widgets() -> list[Widget]:
    """Reviu: the comments, their boxes, the trial notes and theirs."""
    return [VerticalScroll(
        Static("Komentar reviu (r: tandai selesai/belum)", classes="list-label"),
        FitTable(COMMENT_COLUMNS, id="comments", zebra_stripes=False),
        *_boxes(REVIEW_BOXES),
        Static("Catatan uji coba", classes="list-label"),
        FitTable(TRIAL_COLUMNS, id="trials", zebra_stripes=False),
        *_boxes(TRIAL_BOXES),
    )]


PANE_WIDGETS = {
    "tab-identitas": identity_widgets,
    "tab-pelaksana": actor_widgets,
    "tab-bagan": flowchart_widgets,
    "tab-reviu": review_widgets,
}
"""The editor's tabs built when first shown, and what each is made of."""
