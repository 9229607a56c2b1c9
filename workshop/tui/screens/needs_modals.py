"""Dialogs of the Penilaian Kebutuhan stage: pasting Tabel 6 rows, editing a row, an existing
SOP's decision, and adopting a general SOP into many units with position mapping.

Each dialog returns a typed result through ``dismiss``; user text is shown as data, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from workshop import needs
from workshop.model import ACTIVITIES, EXISTING_DECISIONS, ExistingSop, NeedRow, Sop, Unit

T = TypeVar("T")

ACTIVITY_LABELS = {"pelayanan": "Pelayanan", "rutin": "Rutin", "penugasan": "Penugasan"}
DECISION_LABELS = {"tetap": "Tetap (dipertahankan)", "revisi": "Revisi", "ganti": "Ganti",
                   "cabut": "Cabut"}

NEED_FIELDS: tuple[tuple[str, str], ...] = (
    ("tugas", "Tugas"),
    ("fungsi", "Fungsi"),
    ("uraian_tugas", "Uraian tugas"),
    ("kegiatan", "Kegiatan"),
    ("output", "Output"),
    ("aspek", "Aspek kegiatan"),
    ("title", "Judul SOP"),
)


class _NeedsDialog(ModalScreen[T]):
    """Base: escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Batal")]
    DEFAULT_CLASSES = "dialog"

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_value())

    def cancel_value(self) -> T:
        raise NotImplementedError

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class PasteNeedsScreen(_NeedsDialog[str | None]):
    """Paste several Tabel 6 rows at once; returns the pasted text."""

    def __init__(self, unit_name: str) -> None:
        super().__init__()
        self.unit_name = unit_name

    def cancel_value(self) -> str | None:
        return None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box tall"):
            yield Static(Text(f"Tempel baris Tabel 6 — {self.unit_name}"), classes="dialog-title")
            yield Static(
                "Satu baris per output: tugas | fungsi | uraian tugas | kegiatan | output | "
                "aspek (boleh ditambah | judul | jenis). Atau kerangka berjenjang: tugas, lalu "
                "fungsi menjorok, lalu output menjorok lagi (mis. “- Renstra | penyusunan”). "
                "Judul yang kosong diisi usulan aspek + output.",
                classes="hint", markup=False,
            )
            yield TextArea(id="rows-text", soft_wrap=False, show_line_numbers=False)
            yield Static("", id="problem", classes="problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Tambahkan", variant="primary", id="ok", compact=True)
                yield Button("Batal", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#rows-text", TextArea).focus()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        text = self.query_one("#rows-text", TextArea).text
        if not text.strip():
            self.query_one("#problem", Static).update("Belum ada teks yang ditempel.")
            return
        self.dismiss(text)


class NeedForm(_NeedsDialog[dict[str, str] | None]):
    """Edit one Tabel 6 row (all columns and the activity type)."""

    def __init__(self, row: NeedRow, aspects: Sequence[str]) -> None:
        super().__init__()
        self.row = row
        self.aspects = list(aspects)

    def cancel_value(self) -> dict[str, str] | None:
        return None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Ubah baris Tabel 6", classes="dialog-title")
            with VerticalScroll(classes="form"):
                for key, label in NEED_FIELDS:
                    yield Label(label)
                    suggester = (SuggestFromList(self.aspects, case_sensitive=False)
                                 if key == "aspek" else None)
                    yield Input(str(getattr(self.row, key)), id=f"nf-{key}", compact=True,
                                suggester=suggester)
                yield Label("Jenis kegiatan")
                yield Select([(ACTIVITY_LABELS[a], a) for a in ACTIVITIES],
                             value=self.row.activity if self.row.activity in ACTIVITIES
                             else "rutin", allow_blank=False, id="nf-activity", compact=True)
            yield Static("", id="problem", classes="problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Usulkan judul", id="suggest", compact=True)
                yield Button("Simpan", variant="primary", id="ok", compact=True)
                yield Button("Batal", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#nf-tugas", Input).focus()

    @on(Button.Pressed, "#suggest")
    def _suggest(self) -> None:
        aspek = self.query_one("#nf-aspek", Input).value
        output = self.query_one("#nf-output", Input).value
        self.query_one("#nf-title", Input).value = needs.suggest_title(aspek, output)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        values = {key: " ".join(self.query_one(f"#nf-{key}", Input).value.split())
                  for key, _ in NEED_FIELDS}
        if not values["output"] and not values["title"]:
            self.query_one("#problem", Static).update("Isi output atau judul SOP.")
            return
        activity = self.query_one("#nf-activity", Select).value
        values["activity"] = activity if isinstance(activity, str) else "rutin"
        self.dismiss(values)


class ExistingForm(_NeedsDialog[ExistingSop | None]):
    """Add an existing SOP or decide on it: tetap / revisi / ganti / cabut, with a reason."""

    def __init__(self, existing: ExistingSop | None = None) -> None:
        super().__init__()
        self.existing = existing

    def cancel_value(self) -> ExistingSop | None:
        return None

    def compose(self) -> ComposeResult:
        ex = self.existing
        with Vertical(classes="dialog-box"):
            yield Static("Keputusan SOP yang sudah ada" if ex else "Tambah SOP yang sudah ada",
                         classes="dialog-title")
            with VerticalScroll(classes="form"):
                yield Label("Judul SOP yang sudah ada")
                yield Input(ex.title if ex else "", id="ef-title", compact=True)
                yield Label("Keputusan")
                yield Select([(DECISION_LABELS[d], d) for d in EXISTING_DECISIONS],
                             value=ex.decision if ex and ex.decision in EXISTING_DECISIONS
                             else Select.NULL, prompt="(belum diputuskan)", id="ef-decision",
                             compact=True)
                yield Label("Alasan")
                yield Input(ex.reason if ex else "", id="ef-reason", compact=True)
            yield Static("Revisi atau ganti menambahkan baris ke Tabel 6.", classes="hint")
            yield Static("", id="problem", classes="problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Simpan", variant="primary", id="ok", compact=True)
                yield Button("Batal", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#ef-title", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        title = " ".join(self.query_one("#ef-title", Input).value.split())
        if not title:
            self.query_one("#problem", Static).update("Judul SOP wajib diisi.")
            return
        decision = self.query_one("#ef-decision", Select).value
        reason = " ".join(self.query_one("#ef-reason", Input).value.split())
        chosen = decision if isinstance(decision, str) else ""
        if chosen in ("revisi", "ganti", "cabut") and not reason:
            self.query_one("#problem", Static).update("Tuliskan alasan keputusan ini.")
            self.query_one("#ef-reason", Input).focus()
            return
        self.dismiss(ExistingSop(id=self.existing.id if self.existing else "", title=title,
                                 decision=chosen, reason=reason))


@dataclass
class Adoption:
    """What the facilitator chose in ``AdoptScreen``."""

    title: str
    units: list[str]  # unit slugs
    overrides: dict[str, str] = field(default_factory=dict)  # generic position -> real name


class AdoptScreen(_NeedsDialog[Adoption | None]):
    """Adopt a general SOP into many units at once, mapping its generic positions.

    An empty mapping keeps the generic name; "Kepala OPD" left empty becomes each unit's own
    head position (Jabatan kepala unit).
    """

    def __init__(self, sop: Sop, units: Sequence[Unit], *, chosen: Sequence[str] = (),
                 editable_title: bool = False, note: str = "") -> None:
        super().__init__()
        self.sop = sop
        self.units = list(units)
        self.chosen = set(chosen)
        self.editable_title = editable_title
        self.note = note

    def cancel_value(self) -> Adoption | None:
        return None

    def compose(self) -> ComposeResult:
        positions = needs.generic_positions(self.sop)
        with Vertical(classes="dialog-box tall", id="adopt-box"):
            yield Static("Adopsi SOP umum ke unit", classes="dialog-title")
            if self.editable_title:
                yield Label("Judul SOP umum")
                yield Input(self.sop.title, id="ad-title", compact=True)
            else:
                yield Static(Text(self.sop.title, style="bold"), id="ad-title-shown")
            if self.note:
                yield Static(Text(self.note), classes="hint")
            with VerticalScroll(id="ad-scroll"):
                yield Label("Unit yang mengadopsi (spasi: pilih)")
                yield SelectionList[str](
                    *[Selection(Text(u.name), u.slug, u.slug in self.chosen) for u in self.units],
                    id="ad-units",
                )
                if positions:
                    yield Label("Pemetaan jabatan (kosong: nama sama; Kepala OPD kosong: "
                                "jabatan kepala tiap unit)")
                    with Grid(id="ad-grid"):
                        for i, pos in enumerate(positions):
                            yield Static(Text(pos), classes="ad-generic")
                            yield Input("", id=f"ad-pos-{i}", compact=True,
                                        placeholder="jabatan di unit")
            yield Static("", id="problem", classes="problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Pilih semua", id="all", compact=True)
                yield Button("Adopsi", variant="primary", id="ok", compact=True)
                yield Button("Batal", id="cancel", compact=True)

    DEFAULT_CSS = """
    #ad-scroll { height: 1fr; }
    #ad-units { height: auto; max-height: 12; }
    #ad-grid { grid-size: 2; grid-columns: 1fr 1fr; grid-rows: 1; height: auto; }
    """

    def on_mount(self) -> None:
        self.query_one("#ad-units", SelectionList).focus()

    @on(Button.Pressed, "#all")
    def _all(self) -> None:
        self.query_one("#ad-units", SelectionList).select_all()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        units: list[str] = list(self.query_one("#ad-units", SelectionList).selected)
        if not units:
            self.query_one("#problem", Static).update("Pilih sedikitnya satu unit.")
            return
        title = self.sop.title
        if self.editable_title:
            title = " ".join(self.query_one("#ad-title", Input).value.split())
            if not title:
                self.query_one("#problem", Static).update("Judul SOP umum wajib diisi.")
                return
        overrides: dict[str, str] = {}
        for i, pos in enumerate(needs.generic_positions(self.sop)):
            value = " ".join(self.query_one(f"#ad-pos-{i}", Input).value.split())
            if value:
                overrides[pos] = value
        order = [u.slug for u in self.units]
        units.sort(key=order.index)
        self.dismiss(Adoption(title=title, units=units, overrides=overrides))
