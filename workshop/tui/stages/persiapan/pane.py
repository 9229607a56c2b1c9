"""Persiapan: the event, the units (OPD), each unit's Tim Penyusun SOP, readiness and PINs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widget import AwaitMount, Widget
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    Tab,
    Tabs,
)
from textual.widgets.data_table import ColumnKey
from textual.widgets.selection_list import Selection

from workshop.model import TEAM_MODELS, Event, Member, Unit
from workshop.tui.context import Context, attempt, context_of, try_write
from workshop.tui.dialogs import (
    ROLE_LABELS,
    ConfirmScreen,
    MemberForm,
    PasteUnitsScreen,
    PinScreen,
    UnitForm,
)
from workshop.tui.messages import WorkshopEdited
from workshop.tui.text import literal

EVENT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("title", "Judul kegiatan", "Pendampingan Penyusunan SOP AP"),
    ("organiser", "Penyelenggara", "mis. Biro Organisasi Setda Provinsi Jawa Tengah"),
    ("host_government", "Pemerintah daerah", "mis. Pemerintah Kabupaten Wonosobo"),
    ("venue", "Tempat", "mis. Ruang Rapat Setda"),
    ("start_date", "Tanggal mulai", "TTTT-BB-HH"),
    ("end_date", "Tanggal selesai", "TTTT-BB-HH"),
    ("facilitators", "Fasilitator", "nama-nama, dipisah titik koma"),
)

AUTOSAVE_SECONDS = 1.0

MODEL_LABELS = {"internal": "Internal", "eksternal": "Eksternal", "gabungan": "Gabungan (ideal)"}


def event_value(event: Event, key: str) -> str:
    value: Any = getattr(event, key)
    if key == "facilitators":
        return "; ".join(value)
    return value or ""


def parse_event_value(key: str, text: str) -> Any:
    text = text.strip()
    if key == "facilitators":
        return [part.strip() for part in text.split(";") if part.strip()]
    if key in ("start_date", "end_date"):
        return text or None
    return text


def valid_date(text: str) -> bool:
    from datetime import date

    if not text:
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def unit_label(unit: Unit) -> Text:
    return Text(unit.name)


def chosen_unit(ctx: Context, units: list[Unit]) -> Unit | None:
    """The unit the Tim and Kesiapan panels show: the current one, else the first."""
    for unit in units:
        if unit.slug == ctx.current_unit:
            return unit
    return units[0] if units else None


class DeferredPanel(Widget):
    """A panel whose parts are composed when they are first needed, not before the first paint.

    ``PARTS`` names the parts in screen order (at most two: ``("bar", "body")``);
    ``compose_part`` yields one. Parts asked for (``want``) before the panel is composed are
    composed with it; later ones are mounted (before the parts already there when they come
    first in ``PARTS``), then ``parts_mounted`` runs and a ``Built`` message tells the pane to
    fill them. ``has_part`` is true once a part is mounted (a Select in it is composed only
    then), so ``show`` methods fill what is there.
    """

    PARTS: ClassVar[tuple[str, ...]] = ("body",)

    class Built(Message):
        """Parts of a panel were mounted after the panel itself: fill them with data."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._wanted: set[str] = set()  # composed, or being mounted
        self._composed_parts: tuple[str, ...] | None = None  # None: not composed yet
        self._ready: set[str] = set()  # mounted: may be filled

    def compose(self) -> ComposeResult:
        self._composed_parts = tuple(p for p in self.PARTS if p in self._wanted)
        for part in self._composed_parts:
            yield from self.compose_part(part)

    def compose_part(self, part: str) -> ComposeResult:
        """The widgets of one part."""
        yield from ()

    def on_mount(self) -> None:
        self._mounted_parts(self._composed_parts or ())

    def has_part(self, part: str) -> bool:
        return part in self._ready

    def want(self, parts: Iterable[str]) -> None:
        """Compose ``parts`` now if they are not there yet."""
        new = tuple(p for p in self.PARTS if p in parts and p not in self._wanted)
        if not new:
            return
        present = self._wanted.copy()
        self._wanted.update(new)
        if self._composed_parts is None:
            return  # compose() yields them
        order = self.PARTS.index
        first = bool(present) and order(new[-1]) < min(order(p) for p in present)

        def widgets() -> ComposeResult:
            for part in new:
                yield from self.compose_part(part)

        self.call_later(self._when_mounted, self.mount_compose(widgets(),
                                                               before=0 if first else None), new)

    async def _when_mounted(self, mounting: AwaitMount, parts: tuple[str, ...]) -> None:
        await mounting
        self._mounted_parts(parts)
        self.post_message(self.Built())

    def _mounted_parts(self, parts: Iterable[str]) -> None:
        parts = tuple(parts)
        self._ready.update(parts)
        self.parts_mounted(parts)

    def parts_mounted(self, parts: tuple[str, ...]) -> None:
        """Called once the widgets of ``parts`` are mounted (e.g. to add a table's columns)."""


class EventForm(DeferredPanel, VerticalScroll):
    """The event's fields; each is saved as it is typed (a second after the last key), and when
    Enter is pressed or the field is left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "app.focus_next", "Berikutnya", show=False),
        Binding("up", "app.focus_previous", "Sebelumnya", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._autosave: dict[str, Timer] = {}

    def compose_part(self, part: str) -> ComposeResult:
        with Grid(id="event-grid"):
            for key, label, placeholder in EVENT_FIELDS:
                yield Label(label, classes="field-label")
                yield Input(placeholder=placeholder, id=f"ev-{key}", compact=True,
                            select_on_focus=False)
        yield Static("Tersimpan otomatis sambil diketik.",
                     classes="hint")

    def show(self, event: Event) -> None:
        if not self.has_part("body"):
            return
        for key, _, _ in EVENT_FIELDS:
            box = self.query_one(f"#ev-{key}", Input)
            stored = event_value(event, key)
            if not box.has_focus and box.value != stored:
                box.value = stored

    def _save(self, box: Input, *, typing: bool = False) -> None:
        if not box.id or not box.id.startswith("ev-"):
            return
        key = box.id[3:]
        ctx = context_of(self)
        event = ctx.store.event()
        if box.value.strip() == event_value(event, key).strip():
            return
        if key in ("start_date", "end_date") and not valid_date(box.value.strip()):
            if not typing:  # a half-typed date is not an error yet
                self.app.notify("Tanggal ditulis TTTT-BB-HH, mis. 2018-07-10.",
                                severity="error", markup=False)
            return
        value = parse_event_value(key, box.value)
        attempt(self.app, lambda: ctx.store.update_event(**{key: value}), "Tersimpan.")

    @on(Input.Submitted)
    def _submitted(self, message: Input.Submitted) -> None:
        self._save(message.input)

    @on(Input.Blurred)
    def _blurred(self, message: Input.Blurred) -> None:
        self._save(message.input)

    @on(Input.Changed)
    def _changed(self, message: Input.Changed) -> None:
        """Saved as it is typed: one second after the last key."""
        box = message.input
        if not box.has_focus:
            return  # a value set by ``show``
        key = box.id or ""
        if key in self._autosave:
            self._autosave[key].stop()
        self._autosave[key] = self.set_timer(AUTOSAVE_SECONDS,
                                             lambda: self._save(box, typing=True))


class UnitsPanel(Vertical):
    """The units (OPD) of the workshop."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Tambah unit"),
        Binding("t", "paste", "Tempel daftar"),
        Binding("e", "edit", "Ubah"),
        Binding("delete", "remove", "Hapus"),
    ]

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(id="units", cursor_type="row", zebra_stripes=True)
        yield table
        with Horizontal(classes="buttons"):
            yield Button("Tambah", id="unit-add", compact=True, variant="primary")
            yield Button("Tempel daftar", id="unit-paste", compact=True)
            yield Button("Ubah", id="unit-edit", compact=True)
            yield Button("Hapus", id="unit-remove", compact=True, variant="error")
            yield Button("PIN baru", id="pin-all", compact=True,
                         tooltip="Buat PIN untuk semua unit yang belum punya")
            yield Button("Lihat PIN", id="pin-show", compact=True)
            yield Button("Reset PIN", id="pin-reset", compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#units", DataTable)
        table.add_column("Unit", key="name")
        table.add_column("Tim", key="team")
        table.add_column("Kesiapan", key="ready")
        table.add_column("PIN", key="pin")
        table.add_column("Singkatan", key="short")
        table.add_column("Kepala", key="head")
        table.add_column("Penomoran", key="numbering")

    def show(self, ctx: Context, units: list[Unit], members: list[Member]) -> None:
        table: DataTable[Text] = self.query_one("#units", DataTable)
        narrow = self.screen.has_class("-narrow")
        if getattr(self, "_narrow", None) != narrow:
            self._narrow = narrow
            table.columns[ColumnKey("name")].width = 24 if narrow else max(
                [len(u.name) for u in units] + [4])
            table.columns[ColumnKey("name")].auto_width = not narrow
        keep = ctx.current_unit
        counts: dict[str, int] = {}
        for m in members:
            counts[m.unit] = counts.get(m.unit, 0) + 1
        total = len(ctx.guide.readiness_ids)
        table.clear()
        for unit in units:
            ticked = sum(1 for i in ctx.guide.readiness_ids if i in unit.readiness)
            table.add_row(
                Text(unit.name, overflow="ellipsis", no_wrap=True),
                Text(f"{counts.get(unit.slug, 0)} orang"),
                Text(f"{ticked}/{total}"),
                Text("ada" if unit.pin_hash else "belum"),
                Text(unit.short_name),
                Text(unit.head_position),
                Text(unit.numbering),
                key=unit.slug,
            )
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
            for pane in self.ancestors:
                if isinstance(pane, PersiapanPane):
                    pane.unit_changed()

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
            unit = attempt(self.app, lambda: ctx.store.add_unit(name, **values),
                           "Unit ditambahkan.")
            if unit is not None:
                ctx.current_unit = unit.slug
                self.post_message(WorkshopEdited())

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
        unit = self.selected()
        if unit is None:
            self.app.notify("Belum ada unit yang dipilih.", severity="warning")
            return

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            ctx = context_of(self)
            if attempt(self.app, lambda: ctx.store.update_unit(unit.slug, **values),
                       "Unit disimpan.") is not None:
                self.post_message(WorkshopEdited())

        self.app.push_screen(UnitForm(unit), done)

    @on(Button.Pressed, "#unit-remove")
    def action_remove(self) -> None:
        unit = self.selected()
        if unit is None:
            self.app.notify("Belum ada unit yang dipilih.", severity="warning")
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            ctx = context_of(self)
            if try_write(self.app, lambda: ctx.store.remove_unit(unit.slug), "Unit dihapus."):
                if ctx.current_unit == unit.slug:
                    ctx.current_unit = None
                self.post_message(WorkshopEdited())

        self.app.push_screen(
            ConfirmScreen(f"Hapus unit “{unit.name}” beserta tim, kebutuhan dan SOP-nya? "
                          "Cadangan dibuat lebih dulu di folder backups/."),
            done,
        )

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
        unit = self.selected()
        if unit is None:
            self.app.notify("Belum ada unit yang dipilih.", severity="warning")
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            ctx = context_of(self)
            pin = attempt(self.app, lambda: ctx.store.generate_pin(unit.slug))
            if pin is not None:
                ctx.pins[unit.slug] = pin
                self.post_message(WorkshopEdited())
                self.app.push_screen(PinScreen([(unit.name, pin)]))

        self.app.push_screen(
            ConfirmScreen(f"Buat PIN baru untuk “{unit.name}”? PIN lama tidak berlaku lagi.",
                          confirm_label="Reset PIN"),
            done,
        )


class UnitPicker(Select[str]):
    """Chooses the unit the Tim and Kesiapan tabs show.

    Values set by the program post no ``Changed`` (``prevent``): two pickers answering each
    other's queued messages would otherwise switch units back and forth forever.
    """

    def show_units(self, units: list[Unit], current: str | None) -> None:
        with self.prevent(Select.Changed):
            options = [(unit_label(u), u.slug) for u in units]
            signature = [(u.slug, u.name) for u in units]
            if getattr(self, "_signature", None) != signature:
                self._signature = signature
                self.set_options(options)
            if current is not None and current in {u.slug for u in units}:
                if self.value != current:
                    self.value = current
            elif units and self.value == Select.NULL:
                self.value = units[0].slug


class TeamPanel(DeferredPanel, Vertical):
    """Tim Penyusun SOP of the chosen unit: model, SK, members.

    Parts: ``bar`` (the unit picker, shown on narrow terminals only) and ``body``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_member", "Tambah anggota"),
        Binding("e", "edit_member", "Ubah"),
        Binding("delete", "remove_member", "Hapus"),
    ]
    PARTS: ClassVar[tuple[str, ...]] = ("bar", "body")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._loading = False

    def compose_part(self, part: str) -> ComposeResult:
        if part == "bar":
            with Horizontal(classes="unit-bar"):
                yield Label("Unit", classes="field-label")
                yield UnitPicker([], prompt="Pilih unit", id="team-unit", compact=True)
            return
        with Grid(id="team-grid"):
            yield Label("Model tim", classes="field-label")
            yield Select([(MODEL_LABELS[m], m) for m in TEAM_MODELS], prompt="(belum dipilih)",
                         id="team-model", compact=True)
            yield Label("Nomor SK", classes="field-label")
            yield Input(id="sk-number", compact=True, placeholder="mis. 061/123/2018",
                        select_on_focus=False)
            yield Label("Tanggal SK", classes="field-label")
            yield Input(id="sk-date", compact=True, placeholder="TTTT-BB-HH",
                        select_on_focus=False)
        members: DataTable[Text] = DataTable(id="members", cursor_type="row", zebra_stripes=True)
        yield members
        with Horizontal(classes="buttons"):
            yield Button("Tambah anggota", id="member-add", compact=True, variant="primary")
            yield Button("Ubah", id="member-edit", compact=True)
            yield Button("Hapus", id="member-remove", compact=True, variant="error")

    def parts_mounted(self, parts: tuple[str, ...]) -> None:
        if "body" in parts:
            table = self.query_one("#members", DataTable)
            table.add_column("Nama", key="name")
            table.add_column("Peran", key="role")
            table.add_column("Jabatan", key="position")
            table.add_column("NIP", key="nip")

    def unit_slug(self) -> str | None:
        """The unit shown (the picker's choice: the current unit, else the first)."""
        unit = chosen_unit(context_of(self), context_of(self).store.units())
        return unit.slug if unit is not None else None

    def show(self, ctx: Context, units: list[Unit], members: list[Member]) -> None:
        if self.has_part("bar"):
            self.query_one("#team-unit", UnitPicker).show_units(units, ctx.current_unit)
        if not self.has_part("body"):
            return
        self._loading = True
        unit = chosen_unit(ctx, units)
        model = self.query_one("#team-model", Select)
        sk_number = self.query_one("#sk-number", Input)
        sk_date = self.query_one("#sk-date", Input)
        table: DataTable[Text] = self.query_one("#members", DataTable)
        keep_row = table.cursor_row
        table.clear()
        for widget in (model, sk_number, sk_date):
            widget.disabled = unit is None
        self.border_title = "Tim penyusun" + (f" — {literal(unit.name)}" if unit else "")
        if unit is None:
            self._loading = False
            return
        wanted_model = unit.team_model if unit.team_model in TEAM_MODELS else Select.NULL
        if model.value != wanted_model:
            with model.prevent(Select.Changed):
                model.value = wanted_model
        if not sk_number.has_focus and sk_number.value != unit.sk_number:
            sk_number.value = unit.sk_number
        if not sk_date.has_focus and sk_date.value != (unit.sk_date or ""):
            sk_date.value = unit.sk_date or ""
        order = {r: i for i, r in enumerate(("ketua", "sekretaris", "anggota"))}
        for m in sorted((m for m in members if m.unit == unit.slug),
                        key=lambda m: order.get(m.role, 9)):
            table.add_row(Text(m.name), Text(ROLE_LABELS.get(m.role, m.role)),
                          Text(m.position), Text(m.nip), key=m.id)
        if table.row_count:
            table.move_cursor(row=min(keep_row, table.row_count - 1))
        self.call_after_refresh(self._done_loading)

    def _done_loading(self) -> None:
        self._loading = False

    @on(Select.Changed, "#team-unit")
    def _unit_changed(self, message: Select.Changed) -> None:
        if isinstance(message.value, str) and message.value != context_of(self).current_unit:
            context_of(self).current_unit = message.value
            self.post_message(WorkshopEdited())

    @on(Select.Changed, "#team-model")
    def _model_changed(self, message: Select.Changed) -> None:
        slug = self.unit_slug()
        if self._loading or slug is None or not isinstance(message.value, str):
            return
        ctx = context_of(self)
        if ctx.store.unit(slug).team_model == message.value:
            return
        value = message.value
        attempt(self.app, lambda: ctx.store.update_unit(slug, team_model=value), "Tersimpan.")

    def _save_sk(self, box: Input) -> None:
        slug = self.unit_slug()
        if slug is None:
            return
        ctx = context_of(self)
        unit = ctx.store.unit(slug)
        text = box.value.strip()
        if box.id == "sk-number" and text != unit.sk_number:
            attempt(self.app, lambda: ctx.store.update_unit(slug, sk_number=text), "Tersimpan.")
        elif box.id == "sk-date" and text != (unit.sk_date or ""):
            if not valid_date(text):
                self.app.notify("Tanggal ditulis TTTT-BB-HH, mis. 2018-07-10.",
                                severity="error", markup=False)
                return
            attempt(self.app, lambda: ctx.store.update_unit(slug, sk_date=text or None),
                    "Tersimpan.")

    @on(Input.Submitted, "#sk-number, #sk-date")
    def _sk_submitted(self, message: Input.Submitted) -> None:
        self._save_sk(message.input)

    @on(Input.Blurred, "#sk-number, #sk-date")
    def _sk_blurred(self, message: Input.Blurred) -> None:
        self._save_sk(message.input)

    def _selected_member(self) -> Member | None:
        table = self.query_one("#members", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        slug = self.unit_slug()
        for m in context_of(self).store.members(slug):
            if m.id == key:
                return m
        return None

    @on(Button.Pressed, "#member-add")
    def action_add_member(self) -> None:
        slug = self.unit_slug()
        if slug is None:
            self.app.notify("Tambahkan unit lebih dulu.", severity="warning")
            return
        ctx = context_of(self)
        unit = ctx.store.unit(slug)

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            name = values.pop("name")
            if attempt(self.app, lambda: ctx.store.add_member(slug, name, **values),
                       "Anggota ditambahkan.") is not None:
                self.post_message(WorkshopEdited())

        self.app.push_screen(MemberForm(unit.name), done)

    @on(DataTable.RowSelected, "#members")
    @on(Button.Pressed, "#member-edit")
    def action_edit_member(self) -> None:
        member = self._selected_member()
        if member is None:
            self.app.notify("Belum ada anggota yang dipilih.", severity="warning")
            return
        ctx = context_of(self)
        unit = ctx.store.unit(member.unit)

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            if attempt(self.app, lambda: ctx.store.update_member(member.id, **values),
                       "Anggota disimpan.") is not None:
                self.post_message(WorkshopEdited())

        self.app.push_screen(MemberForm(unit.name, member), done)

    @on(Button.Pressed, "#member-remove")
    def action_remove_member(self) -> None:
        member = self._selected_member()
        if member is None:
            self.app.notify("Belum ada anggota yang dipilih.", severity="warning")
            return
        ctx = context_of(self)

        def done(yes: bool | None) -> None:
            if yes and try_write(self.app, lambda: ctx.store.remove_member(member.id),
                                 "Anggota dihapus."):
                self.post_message(WorkshopEdited())

        self.app.push_screen(ConfirmScreen(f"Hapus “{member.name}” dari tim?"), done)


class ReadinessPanel(DeferredPanel, Vertical):
    """The readiness checklist of the chosen unit.

    Parts: ``bar`` (the unit picker, shown on narrow terminals only) and ``body``."""

    PARTS: ClassVar[tuple[str, ...]] = ("bar", "body")

    def compose_part(self, part: str) -> ComposeResult:
        if part == "bar":
            with Horizontal(classes="unit-bar"):
                yield Label("Unit", classes="field-label")
                yield UnitPicker([], prompt="Pilih unit", id="ready-unit", compact=True)
            return
        yield Static("", id="ready-summary", markup=False)
        yield SelectionList[str](id="readiness")

    def show(self, ctx: Context, units: list[Unit]) -> None:
        if self.has_part("bar"):
            self.query_one("#ready-unit", UnitPicker).show_units(units, ctx.current_unit)
        if not self.has_part("body"):
            return
        unit = chosen_unit(ctx, units)
        items = ctx.guide.readiness
        self.border_title = "Kesiapan" + (f" — {literal(unit.name)}" if unit else "")
        summary = self.query_one("#ready-summary", Static)
        checklist: SelectionList[str] = self.query_one("#readiness", SelectionList)
        if unit is None:
            summary.update("Belum ada unit. Tambahkan unit di tab Unit.")
            checklist.clear_options()
            return
        ticked = [i.id for i in items if i.id in unit.readiness]
        summary.update(Text(f"Kesiapan {unit.name}: {len(ticked)}/{len(items)} butir"))
        wanted = [(i.id, i.label) for i in items]
        if getattr(checklist, "_items", None) != (unit.slug, wanted):
            highlighted = checklist.highlighted
            checklist.clear_options()
            checklist.add_options([Selection(Text(i.label), i.id, i.id in unit.readiness)
                                   for i in items])
            checklist._items = (unit.slug, wanted)  # type: ignore[attr-defined]
            if items:
                keep = highlighted if highlighted is not None and highlighted < len(items) else 0
                checklist.highlighted = keep  # so Space works as soon as the list has focus
        else:
            current = set(checklist.selected)
            for item in items:
                want = item.id in unit.readiness
                if want and item.id not in current:
                    checklist.select(item.id)
                elif not want and item.id in current:
                    checklist.deselect(item.id)

    @on(Select.Changed, "#ready-unit")
    def _unit_changed(self, message: Select.Changed) -> None:
        if isinstance(message.value, str) and message.value != context_of(self).current_unit:
            context_of(self).current_unit = message.value
            self.post_message(WorkshopEdited())

    @on(SelectionList.SelectionToggled, "#readiness")
    def _toggled(self, message: SelectionList.SelectionToggled[str]) -> None:
        ctx = context_of(self)
        unit = chosen_unit(ctx, ctx.store.units())
        if unit is None:
            return
        value = unit.slug
        item = message.selection.value
        done = item in message.selection_list.selected
        attempt(self.app, lambda: ctx.store.set_readiness(value, item, done), "Tersimpan.")
        self.post_message(WorkshopEdited())


PANELS: tuple[tuple[str, str], ...] = (
    ("panel-kegiatan", "Kegiatan"),
    ("panel-unit", "Unit (OPD)"),
    ("panel-tim", "Tim penyusun"),
    ("panel-kesiapan", "Kesiapan"),
)
# Older names used by the palette.
TAB_ALIASES = {"tab-kegiatan": "panel-kegiatan", "tab-unit": "panel-unit",
               "tab-tim": "panel-tim", "tab-kesiapan": "panel-kesiapan"}


LEFT_PANELS = ("panel-kegiatan", "panel-unit")  # the left column on wide terminals


class PersiapanPane(Vertical):
    """The Persiapan stage's screen.

    Narrow terminals show one panel at a time under a row of tabs; wide terminals (projector)
    show all four panels at once, the team and readiness following the highlighted unit.
    Keys 1-4 switch panels (outside text fields).

    What is not in view is not built before the first paint: the tabs and the unit pickers
    of Tim and Kesiapan on wide terminals (hidden there), the panels other than the shown
    one on narrow terminals. They are composed the first time they are shown (``_fit``).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(number), f"panel('{pid}')", label, show=False)
          for number, (pid, label) in enumerate(PANELS, start=1)),
        Binding("escape", "leave_field", "Keluar kolom", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._active = "panel-unit"
        self._deferred: tuple[DeferredPanel, ...] = ()

    def action_leave_field(self) -> None:
        """Esc in a text field: back to the tabs (narrow) or the units list (wide), so the
        panel keys work again."""
        if self.screen.has_class("-wide"):
            self.query_one("#units", DataTable).focus()
        else:
            self._fit()
            self.query_one("#persiapan-tabs", Tabs).focus()

    def _new_tabs(self) -> Tabs:
        return Tabs(*[Tab(label, id=f"tab-{pid}") for pid, label in PANELS],
                    id="persiapan-tabs", active=f"tab-{self._active}")

    def compose(self) -> ComposeResult:
        # The breakpoint class is on the screen from its start (see MainScreen.__init__).
        if not self.screen.has_class("-wide"):
            yield self._new_tabs()
        panels: dict[str, Widget] = {
            "panel-kegiatan": EventForm(id="panel-kegiatan", classes="panel"),
            "panel-unit": UnitsPanel(id="panel-unit", classes="panel"),
            "panel-tim": TeamPanel(id="panel-tim", classes="panel"),
            "panel-kesiapan": ReadinessPanel(id="panel-kesiapan", classes="panel"),
        }
        for pid, label in PANELS:
            panels[pid].border_title = label
            panels[pid].set_class(pid == self._active, "-active")
        self._deferred = tuple(w for w in panels.values() if isinstance(w, DeferredPanel))
        self._fit()  # the parts to compose with the panels
        with Horizontal(id="persiapan-body"):
            left = self._active in LEFT_PANELS
            with Vertical(classes="pcol -has-active" if left else "pcol", id="pcol-left"):
                yield panels["panel-kegiatan"]
                yield panels["panel-unit"]
            with Vertical(classes="pcol" if left else "pcol -has-active", id="pcol-right"):
                yield panels["panel-tim"]
                yield panels["panel-kesiapan"]

    def _fit(self) -> None:
        """Compose what the terminal's width shows and is not there yet: on wide terminals
        every panel; on narrow ones the tabs, and the shown panel with its unit picker. (A
        screen with neither class gets everything.)"""
        screen = self.screen
        wide, narrow = screen.has_class("-wide"), screen.has_class("-narrow")
        if not wide and self.is_mounted and not self.query_children("#persiapan-tabs"):
            tabs = self._new_tabs()
            self.call_later(self._tabs_mounted, self.mount(tabs, before="#persiapan-body"), tabs)
        for panel in self._deferred:
            if narrow and panel.id != self._active:
                continue
            panel.want(("body",) if wide else ("bar", "body"))

    async def _tabs_mounted(self, mounting: AwaitMount, tabs: Tabs) -> None:
        await mounting
        if tabs.active != f"tab-{self._active}":
            tabs.active = f"tab-{self._active}"

    @on(DeferredPanel.Built)
    def _built(self, message: DeferredPanel.Built) -> None:
        message.stop()
        self.refresh_data()

    def action_panel(self, panel_id: str) -> None:
        self.show_tab(panel_id)
        panel = self.query_one(f"#{panel_id}")
        for selector in ("DataTable", "SelectionList"):  # lists first: keys act there
            found = [w for w in panel.query(selector) if w.focusable]
            if found:
                found[0].focus()
                return
        # A panel of text fields only (Kegiatan). Narrow: the panel itself takes the focus, so
        # the next 1-4 switches panels again instead of being typed into a field (Tab enters
        # the fields). Wide: all panels are in view, so the key means "edit there".
        if not self.screen.has_class("-wide"):
            if panel.focusable:
                panel.focus()
            else:
                self.query_one("#persiapan-tabs", Tabs).focus()
            return
        boxes = [w for w in panel.query("Input") if w.focusable]
        if boxes:
            boxes[0].focus()

    def _activate(self, panel_id: str) -> None:
        self._active = panel_id
        for pid, _ in PANELS:
            self.query_one(f"#{pid}").set_class(pid == panel_id, "-active")
        left = panel_id in LEFT_PANELS
        self.query_one("#pcol-left").set_class(left, "-has-active")
        self.query_one("#pcol-right").set_class(not left, "-has-active")
        self._fit()

    @on(Tabs.TabActivated, "#persiapan-tabs")
    def _tab(self, message: Tabs.TabActivated) -> None:
        if message.tab.id:
            self._activate(message.tab.id.removeprefix("tab-"))

    def refresh_data(self) -> None:
        self._fit()
        ctx = context_of(self)
        store = ctx.store
        units = store.units()
        members = store.members()
        if ctx.current_unit not in {u.slug for u in units}:
            ctx.current_unit = units[0].slug if units else None
        self.query_one(EventForm).show(store.event())
        self.query_one(UnitsPanel).show(ctx, units, members)
        self.query_one(TeamPanel).show(ctx, units, members)
        self.query_one(ReadinessPanel).show(ctx, units)

    def unit_changed(self) -> None:
        """The highlighted unit changed: refresh the panels that follow it."""
        ctx = context_of(self)
        units = ctx.store.units()
        members = ctx.store.members()
        self.query_one(TeamPanel).show(ctx, units, members)
        self.query_one(ReadinessPanel).show(ctx, units)

    def show_tab(self, tab_id: str) -> None:
        panel_id = TAB_ALIASES.get(tab_id, tab_id)
        for tabs in self.query_children(Tabs):
            if tabs.is_mounted:  # else it is made active once mounted (``_tabs_mounted``)
                tabs.active = f"tab-{panel_id}"
        self._activate(panel_id)
