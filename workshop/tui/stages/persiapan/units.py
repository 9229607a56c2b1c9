"""The Unit (OPD) panel: the workshop's units (add, paste a list, edit, remove) and their
PINs."""

from __future__ import annotations

import contextlib
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import (
    Button,
    DataTable,
)

from workshop.model import Member, Unit
from workshop.tui.context import Context, attempt, context_of, try_write
from workshop.tui.dialogs import (
    PasteUnitsScreen,
    PinScreen,
    UnitForm,
)
from workshop.tui.messages import WorkshopEdited
from workshop.tui.stages.persiapan.panels import confirm, picked, write
from workshop.tui.widgets.fit_table import NAME_LEAST, Column, FitTable

# Short values whole; the unit's name, the head's position and the numbering share the rest.
UNIT_COLUMNS = (
    Column("name", "Unit", 5, least=NAME_LEAST),
    Column("team", "Tim"),
    Column("ready", "Kesiapan", short="Siap"),
    Column("pin", "PIN"),
    Column("short", "Singkatan"),
    Column("head", "Kepala", 2),
    Column("numbering", "Penomoran", 1, short="No."),
)


class UnitsPanel(Vertical):
    """The units (OPD) of the workshop."""

    class Highlighted(Message):
        """Another unit is highlighted (now the current unit): the panels that follow it
        show it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Tambah unit"),
        Binding("t", "paste", "Tempel daftar"),
        Binding("e", "edit", "Ubah"),
        Binding("delete", "remove", "Hapus"),
    ]

    def compose(self) -> ComposeResult:
        yield FitTable(UNIT_COLUMNS, id="units")
        with Horizontal(classes="buttons"):
            yield Button("Tambah", id="unit-add", compact=True, variant="primary")
            yield Button("Tempel daftar", id="unit-paste", compact=True)
            yield Button("Ubah", id="unit-edit", compact=True)
            yield Button("Hapus", id="unit-remove", compact=True, variant="error")
            yield Button("PIN baru", id="pin-all", compact=True,
                         tooltip="Buat PIN untuk semua unit yang belum punya")
            yield Button("Lihat PIN", id="pin-show", compact=True)
            yield Button("Reset PIN", id="pin-reset", compact=True)

    def show(self, ctx: Context, units: list[Unit], members: list[Member]) -> None:
        table = self.query_one("#units", FitTable)
        keep = ctx.current_unit
        counts: dict[str, int] = {}
        for m in members:
            counts[m.unit] = counts.get(m.unit, 0) + 1
        total = len(ctx.guide.readiness_ids)
        rows = []
        for unit in units:
            ticked = sum(1 for i in ctx.guide.readiness_ids if i in unit.readiness)
            rows.append((unit.slug, (
                unit.name,
                f"{counts.get(unit.slug, 0)} orang",
                f"{ticked}/{total}",
                "ada" if unit.pin_hash else "belum",
                unit.short_name,
                unit.head_position,
                unit.numbering,
            )))
        table.fill(rows)
        if keep is not None:
            with contextlib.suppress(Exception):
                table.move_cursor(row=table.get_row_index(keep))

    def selected(self) -> Unit | None:
        table = self.query_one("#units", DataTable)
        if table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if row_key.value is None:
            return None
        try:
            return context_of(self).store.unit(row_key.value)
        except Exception:
            return None

    @on(DataTable.RowHighlighted, "#units")
    def _highlighted(self, message: DataTable.RowHighlighted) -> None:
        ctx = context_of(self)
        if message.row_key.value is not None and message.row_key.value != ctx.current_unit:
            ctx.current_unit = message.row_key.value
            self.post_message(self.Highlighted())

    @on(DataTable.RowSelected, "#units")
    def _row_selected(self) -> None:
        self.action_edit()

    @on(Button.Pressed, "#unit-add")
    def action_add(self) -> None:
        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            ctx = context_of(self)
            name = values.pop("name")
            unit = write(self, lambda: ctx.store.add_unit(name, **values), "Unit ditambahkan.")
            if unit is not None:
                ctx.current_unit = unit.slug

        self.app.push_screen(UnitForm(), done)

    @on(Button.Pressed, "#unit-paste")
    def action_paste(self) -> None:
        def done(names: list[str] | None) -> None:
            if not names:
                return
            ctx = context_of(self)
            added = attempt(self.app, lambda: ctx.store.add_units(names))
            if added is not None:
                skipped = len(names) - len(added)
                note = f"{len(added)} unit ditambahkan."
                if skipped:
                    note += f" {skipped} dilewati (kosong atau sudah ada)."
                self.app.notify(note, markup=False)
                if added:
                    ctx.current_unit = added[0].slug
                self.post_message(WorkshopEdited())

        self.app.push_screen(PasteUnitsScreen(), done)

    @on(Button.Pressed, "#unit-edit")
    def action_edit(self) -> None:
        unit = picked(self, self.selected(), "unit")
        if unit is None:
            return

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            ctx = context_of(self)
            write(self, lambda: ctx.store.update_unit(unit.slug, **values), "Unit disimpan.")

        self.app.push_screen(UnitForm(unit), done)

    @on(Button.Pressed, "#unit-remove")
    def action_remove(self) -> None:
        unit = picked(self, self.selected(), "unit")
        if unit is None:
            return

        def remove() -> None:
            ctx = context_of(self)
            if try_write(self.app, lambda: ctx.store.remove_unit(unit.slug), "Unit dihapus."):
                if ctx.current_unit == unit.slug:
                    ctx.current_unit = None
                self.post_message(WorkshopEdited())

        confirm(self, f"Hapus unit “{unit.name}” beserta tim, kebutuhan dan SOP-nya? "
                "Cadangan dibuat lebih dulu di folder backups/.", remove)

    @on(Button.Pressed, "#pin-all")
    def _pin_all(self) -> None:
        ctx = context_of(self)
        pins: list[tuple[str, str]] = []
        for unit in ctx.store.units():
            if unit.pin_hash:
                continue
            pin = attempt(self.app, partial(ctx.store.generate_pin, unit.slug))
            if pin is None:
                break
            ctx.pins[unit.slug] = pin
            pins.append((unit.name, pin))
        if not pins:
            self.app.notify("Semua unit sudah memiliki PIN. Gunakan Lihat PIN atau "
                            "Reset PIN.", markup=False)
            return
        self.post_message(WorkshopEdited())
        self.app.push_screen(PinScreen(pins))

    @on(Button.Pressed, "#pin-show")
    def _pin_show(self) -> None:
        ctx = context_of(self)
        units = ctx.store.units()
        pins = [(u.name, ctx.pins[u.slug]) for u in units if u.slug in ctx.pins]
        hidden = [u.name for u in units if u.pin_hash and u.slug not in ctx.pins]
        note = ""
        if hidden:
            note = ("PIN unit berikut dibuat sebelumnya dan tersimpan tersandi, sehingga tidak "
                    "dapat ditampilkan lagi (gunakan Reset PIN): " + ", ".join(hidden))
        if not pins and not hidden:
            self.app.notify("Belum ada PIN. Tekan PIN baru untuk membuatnya.", markup=False)
            return
        self.app.push_screen(PinScreen(pins, note))

    @on(Button.Pressed, "#pin-reset")
    def _pin_reset(self) -> None:
        unit = picked(self, self.selected(), "unit")
        if unit is None:
            return

        def reset() -> None:
            ctx = context_of(self)
            pin = write(self, lambda: ctx.store.generate_pin(unit.slug))
            if pin is not None:
                ctx.pins[unit.slug] = pin
                self.app.push_screen(PinScreen([(unit.name, pin)]))

        confirm(self, f"Buat PIN baru untuk “{unit.name}”? PIN lama tidak berlaku lagi.",
                reset, confirm_label="Reset PIN")


