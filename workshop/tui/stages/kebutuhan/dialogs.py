"""Dialogs of the Penilaian Kebutuhan stage: pasting Tabel 6 rows, editing a row, an existing
SOP's decision, and adopting a general SOP into many units with position mapping.

Each dialog returns a typed result through ``dismiss``; user text is shown as data, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from workshop.model import ACTIVITIES, EXISTING_DECISIONS, ExistingSop, NeedRow, Sop, Unit
from workshop.stages.kebutuhan import needs
from workshop.tui.dialogs import Dialog, dialog_buttons
from workshop.tui.widgets.ticks import TickList

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


class PasteNeedsScreen(Dialog[str | None]):
    """Paste several Tabel 6 rows at once; returns the pasted text."""

    def __init__(self, unit_name: str) -> None:
        super().__init__()
        self.unit_name = unit_name

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
            yield dialog_buttons("Tambahkan")

    def on_mount(self) -> None:
        self.query_one("#rows-text", TextArea).focus()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        text = self.query_one("#rows-text", TextArea).text
        if not text.strip():
            self.query_one("#problem", Static).update("Belum ada teks yang ditempel.")
            return
        self.dismiss(text)


class NeedForm(Dialog[dict[str, str] | None]):
    """Edit one Tabel 6 row (all columns and the activity type)."""

    def __init__(self, row: NeedRow, aspects: Sequence[str]) -> None:
        super().__init__()
        self.row = row
        self.aspects = list(aspects)

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
            yield dialog_buttons("Simpan", Button("Usulkan judul", id="suggest", compact=True))

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


class ExistingForm(Dialog[ExistingSop | None]):
    """Add an existing SOP or decide on it: tetap / revisi / ganti / cabut, with a reason."""

    def __init__(self, existing: ExistingSop | None = None) -> None:
        super().__init__()
        self.existing = existing

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
            yield dialog_buttons("Simpan")

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


ALL_UNITS = "*semua*"  # the mapping target "all units"; never a unit slug (slugs are [a-z0-9-])


@dataclass
class Adoption:
    """What the facilitator chose in ``AdoptScreen``."""

    title: str
    units: list[str]  # unit slugs
    overrides: dict[str, str] = field(default_factory=dict)  # generic position -> real name,
    # the "all units" row (non-empty values only)
    mappings: dict[str, dict[str, str]] = field(default_factory=dict)  # unit slug -> that
    # unit's full mapping (generic position -> real name); empty when made without the dialog

    def mapping_for(self, template: Sop, unit: Unit) -> dict[str, str]:
        """The positions ``unit`` gets: its own mapping from the dialog, else the all-units
        row applied to it (``needs.position_map``)."""
        own = self.mappings.get(unit.slug)
        return dict(own) if own is not None else needs.position_map(template, unit,
                                                                    self.overrides)


KnownPositions = Callable[[Unit], Sequence[str]]


class AdoptScreen(Dialog[Adoption | None]):
    """Adopt a general SOP into many units at once, mapping its generic positions per unit.

    "Pemetaan untuk" picks what the position inputs edit: *Semua unit* (the default row) or one
    chosen unit. A unit's inputs show what it will get: its own values where the facilitator
    changed them, else the default row, else its head position for "Kepala OPD", else the
    generic name. A unit value typed back to what it inherits stops being its own. An empty
    value keeps the template's generic name. ``known_positions`` (optional) gives the position
    names a unit already uses; they complete what is typed (right arrow accepts).
    """

    DEFAULT_CSS = """
    AdoptScreen #adopt-box { height: auto; max-height: 95%; width: 76; }
    AdoptScreen #ad-scroll { height: auto; max-height: 62vh; }
    AdoptScreen #ad-units { height: auto; max-height: 25vh; }
    AdoptScreen #ad-target-bar { height: 1; margin-top: 1; }
    AdoptScreen #ad-target-label { width: auto; padding-right: 1; }
    AdoptScreen #ad-target { width: 1fr; }
    AdoptScreen #ad-target-bar Button { margin-left: 1; min-width: 3; }
    AdoptScreen #ad-map-hint { height: auto; color: $text-muted; }
    AdoptScreen #ad-grid { grid-size: 2; grid-columns: 1fr 1fr; grid-rows: 1; height: auto;
                           grid-gutter: 0 1; }
    AdoptScreen .ad-generic { height: 1; }
    AdoptScreen #ad-changed { height: auto; margin-top: 1; }
    AdoptScreen #problem { height: auto; color: $error; }
    """

    def __init__(self, sop: Sop, units: Sequence[Unit], *, chosen: Sequence[str] = (),
                 editable_title: bool = False, note: str = "",
                 known_positions: KnownPositions | None = None) -> None:
        super().__init__()
        self.sop = sop
        self.units = list(units)
        self.chosen = set(chosen)
        self.editable_title = editable_title
        self.note = note
        self.positions = needs.generic_positions(sop)
        self.defaults: dict[str, str] = {}  # the all-units row, as typed
        self.own: dict[str, dict[str, str]] = {}  # unit slug -> its own values, as typed
        self.target = ALL_UNITS
        self._known_positions = known_positions
        self._known_cache: dict[str, list[str]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="adopt-box"):
            yield Static("Adopsi SOP umum ke unit", classes="dialog-title")
            if self.editable_title:
                yield Label("Judul SOP umum")
                yield Input(self.sop.title, id="ad-title", compact=True)
            else:
                yield Static(Text(self.sop.title, style="bold"), id="ad-title-shown")
            if self.note:
                yield Static(Text(self.note), classes="hint")
            with VerticalScroll(id="ad-scroll"):
                yield Label("Unit yang mengadopsi (spasi: pilih/batal)")
                yield TickList[str](
                    *[Selection(Text(u.name), u.slug, u.slug in self.chosen) for u in self.units],
                    id="ad-units", compact=True,
                )
                if self.positions:
                    with Horizontal(id="ad-target-bar"):
                        yield Static("Jabatan untuk", id="ad-target-label")
                        yield Select[str](self._target_options(), value=ALL_UNITS,
                                          allow_blank=False, id="ad-target", compact=True)
                        yield Button("‹", id="ad-prev", compact=True,
                                     tooltip="Unit sebelumnya")
                        yield Button("›", id="ad-next", compact=True,
                                     tooltip="Unit berikutnya")
                        yield Button("Pakai bawaan", id="ad-reset", compact=True,
                                     disabled=True, tooltip="Hapus isian khusus unit ini: "
                                     "ikut baris semua unit")
                    yield Static("", id="ad-map-hint", markup=False)
                    with Grid(id="ad-grid"):
                        for i, pos in enumerate(self.positions):
                            yield Static(Text(pos), classes="ad-generic")
                            yield Input("", id=f"ad-pos-{i}", compact=True)
                    yield Static("", id="ad-changed", markup=False)
                else:
                    yield Static("SOP umum ini belum punya pelaksana: tidak ada jabatan yang "
                                 "perlu dipetakan.", classes="hint", markup=False)
            yield Static("", id="problem", classes="problem", markup=False)
            yield dialog_buttons("Adopsi", Button("Pilih semua", id="all", compact=True))

    def on_mount(self) -> None:
        self.query_one("#ad-units", SelectionList).focus()
        if self.positions:
            self._fill()

    # -- what the dialog holds ---------------------------------------------------------------

    def _chosen_units(self) -> list[Unit]:
        selected = set(self.query_one("#ad-units", SelectionList).selected)
        return [u for u in self.units if u.slug in selected]

    def _unit(self, slug: str) -> Unit | None:
        return next((u for u in self.units if u.slug == slug), None)

    def _target_options(self) -> list[tuple[Text, str]]:
        chosen = [u for u in self.units if u.slug in self.chosen]
        return ([(Text("Semua unit (bawaan)"), ALL_UNITS)]
                + [(Text(u.name), u.slug) for u in chosen])

    def _known(self, unit: Unit) -> list[str]:
        if unit.slug not in self._known_cache:
            found = list(self._known_positions(unit)) if self._known_positions else []
            self._known_cache[unit.slug] = found or ([unit.head_position]
                                                     if unit.head_position else [])
        return self._known_cache[unit.slug]

    def mapping_of(self, unit: Unit) -> dict[str, str]:
        """What ``unit`` gets with the values typed so far."""
        return needs.unit_position_map(self.sop, unit, self.defaults, self.own.get(unit.slug))

    # -- showing -----------------------------------------------------------------------------

    def _fill(self) -> None:
        """Show the values of the current target in the position inputs."""
        unit = self._unit(self.target)
        mapping = self.mapping_of(unit) if unit is not None else {}
        if unit is None:
            pool: list[str] = []
            for chosen in self._chosen_units():
                pool.extend(p for p in self._known(chosen) if p not in pool)
        else:
            pool = self._known(unit)
        suggester = SuggestFromList(pool, case_sensitive=False) if pool else None
        for i, pos in enumerate(self.positions):
            box = self.query_one(f"#ad-pos-{i}", Input)
            box.suggester = suggester  # before the value: a new value asks it for a completion
            with box.prevent(Input.Changed):
                if unit is None:
                    box.value = self.defaults.get(pos, "")
                    box.placeholder = ("jabatan kepala tiap unit" if pos == needs.HEAD_POSITION
                                       else "kosong: nama tetap")
                else:
                    box.value = mapping[pos]
                    box.placeholder = "kosong: nama tetap"
                box.cursor_position = len(box.value)
        if unit is None:
            hint = ("Bawaan bagi unit yang tidak diubah sendiri (pilih unit di atas untuk "
                    "mengubahnya). Kosong: nama jabatan templat tetap; Kepala OPD kosong: "
                    "jabatan kepala tiap unit.")
        else:
            head = unit.head_position.strip() or "(jabatan kepala belum diisi)"
            hint = (f"Jabatan di {unit.name} (kepala: {head}). Kosong: nama jabatan templat "
                    "tetap. Panah kanan menerima usulan dari jabatan unit ini.")
        self.query_one("#ad-map-hint", Static).update(hint)
        self.query_one("#ad-reset", Button).disabled = unit is None or not self.own.get(
            unit.slug)
        self._show_changed()

    def _show_changed(self) -> None:
        changed = [(u.name, len(self.own[u.slug])) for u in self._chosen_units()
                   if self.own.get(u.slug)]
        if changed:
            text = "Diubah khusus: " + ", ".join(f"{name} ({n} jabatan)"
                                                  for name, n in changed) + "."
        else:
            text = "Semua unit memakai pemetaan yang sama (baris semua unit)."
        merged = self._merged()
        if merged:
            text += ("\nPerhatian, jabatan berbeda dengan nama yang sama menjadi satu kolom "
                     "pelaksana: " + "; ".join(merged[:3]) + ("; ..." if len(merged) > 3 else "")
                     + ".")
        self.query_one("#ad-changed", Static).update(text)

    def _merged(self) -> list[str]:
        """Where two generic positions of a chosen unit get one name (one actor column)."""
        out: list[str] = []
        for unit in self._chosen_units():
            names: dict[str, list[str]] = {}
            for pos, name in self.mapping_of(unit).items():
                names.setdefault(name, []).append(pos)
            for name, positions in names.items():
                if len(positions) > 1:
                    out.append(f"{unit.name}: {' dan '.join(positions)} → “{name}”")
        return out

    def _refresh_targets(self) -> None:
        """The target picker lists "all units" and the chosen units, in the units' order."""
        self.chosen = {u.slug for u in self._chosen_units()}
        picker: Select[str] = self.query_one("#ad-target", Select)
        if self.target != ALL_UNITS and self.target not in self.chosen:
            self.target = ALL_UNITS
        with picker.prevent(Select.Changed):
            picker.set_options(self._target_options())
            picker.value = self.target
        self._fill()

    # -- events ------------------------------------------------------------------------------

    @on(SelectionList.SelectedChanged, "#ad-units")
    def _units_changed(self) -> None:
        if self.positions:
            self._refresh_targets()
        self.query_one("#problem", Static).update("")

    @on(Select.Changed, "#ad-target")
    def _target_changed(self, message: Select.Changed) -> None:
        self.target = message.value if isinstance(message.value, str) else ALL_UNITS
        self._fill()

    @on(Button.Pressed, "#ad-prev")
    @on(Button.Pressed, "#ad-next")
    def _step_target(self, message: Button.Pressed) -> None:
        order = [ALL_UNITS] + [u.slug for u in self._chosen_units()]
        if len(order) == 1:
            self.query_one("#problem", Static).update(
                "Pilih unitnya lebih dulu untuk memetakan jabatan per unit.")
            return
        here = order.index(self.target) if self.target in order else 0
        step = -1 if message.button.id == "ad-prev" else 1
        self.query_one("#ad-target", Select).value = order[(here + step) % len(order)]

    @on(Input.Changed, "#ad-grid Input")
    def _position_changed(self, message: Input.Changed) -> None:
        box_id = message.input.id or ""
        if not box_id.startswith("ad-pos-") or message.value != message.input.value:
            return  # stale: the inputs were refilled for another target since
        pos = self.positions[int(box_id.removeprefix("ad-pos-"))]
        unit = self._unit(self.target)
        if unit is None:
            self.defaults[pos] = message.value
            return
        own = self.own.setdefault(unit.slug, {})
        own.pop(pos, None)
        inherited = self.mapping_of(unit)[pos]
        if (" ".join(message.value.split()) or pos) != inherited:
            own[pos] = message.value
        if not own:
            del self.own[unit.slug]
        self.query_one("#ad-reset", Button).disabled = unit.slug not in self.own
        self._show_changed()

    @on(Button.Pressed, "#ad-reset")
    def _reset_unit(self) -> None:
        self.own.pop(self.target, None)
        self._fill()

    @on(Button.Pressed, "#all")
    def _all(self) -> None:
        self.query_one("#ad-units", SelectionList).select_all()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        chosen = self._chosen_units()
        if not chosen:
            self.query_one("#problem", Static).update(
                "Pilih sedikitnya satu unit yang mengadopsi (spasi atau klik pada nama unit).")
            self.query_one("#ad-units", SelectionList).focus()
            return
        title = self.sop.title
        if self.editable_title:
            title = " ".join(self.query_one("#ad-title", Input).value.split())
            if not title:
                self.query_one("#problem", Static).update("Judul SOP umum wajib diisi.")
                self.query_one("#ad-title", Input).focus()
                return
        overrides = {pos: " ".join(value.split()) for pos, value in self.defaults.items()
                     if value.strip() and pos in self.positions}
        mappings = {u.slug: self.mapping_of(u) for u in chosen}
        self.dismiss(Adoption(title=title, units=[u.slug for u in chosen],
                              overrides=overrides, mappings=mappings))
