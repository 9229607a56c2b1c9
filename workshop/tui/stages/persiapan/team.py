"""The Tim penyusun panel: the chosen unit's Tim Penyusun SOP (model, SK, members)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    Select,
)

from workshop.model import TEAM_MODELS, Member, Unit
from workshop.tui.context import Context, attempt, context_of, try_write
from workshop.tui.dialogs import (
    ROLE_LABELS,
    MemberForm,
)
from workshop.tui.messages import WorkshopEdited
from workshop.tui.stages.persiapan.panels import (
    DATE_HINT,
    UnitPanel,
    chosen_unit,
    confirm,
    picked,
    valid_date,
    write,
)
from workshop.tui.text import literal
from workshop.tui.widgets.fit_table import NAME_LEAST, Column, FitTable

# The name first; a long NIP shares the room (it is whole in the member's form).
MEMBER_COLUMNS = (Column("name", "Nama", 3, least=NAME_LEAST), Column("role", "Peran"),
                  Column("position", "Jabatan", 2), Column("nip", "NIP", 1))

MODEL_LABELS = {"internal": "Internal", "eksternal": "Eksternal", "gabungan": "Gabungan (ideal)"}


class TeamPanel(UnitPanel, Vertical):
    """Tim Penyusun SOP of the chosen unit: model, SK, members."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_member", "Tambah anggota"),
        Binding("e", "edit_member", "Ubah"),
        Binding("delete", "remove_member", "Hapus"),
    ]
    PICKER = "team-unit"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._loading = False

    def compose_body(self) -> ComposeResult:
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
        yield FitTable(MEMBER_COLUMNS, id="members")
        with Horizontal(classes="buttons"):
            yield Button("Tambah anggota", id="member-add", compact=True, variant="primary")
            yield Button("Ubah", id="member-edit", compact=True)
            yield Button("Hapus", id="member-remove", compact=True, variant="error")

    def unit_slug(self) -> str | None:
        """The unit shown (the picker's choice: the current unit, else the first)."""
        unit = chosen_unit(context_of(self), context_of(self).store.units())
        return unit.slug if unit is not None else None

    def show(self, ctx: Context, units: list[Unit], members: list[Member]) -> None:
        self.show_picker(ctx, units)
        if not self.has_part("body"):
            return
        self._loading = True
        unit = chosen_unit(ctx, units)
        model = self.query_one("#team-model", Select)
        sk_number = self.query_one("#sk-number", Input)
        sk_date = self.query_one("#sk-date", Input)
        table = self.query_one("#members", FitTable)
        for widget in (model, sk_number, sk_date):
            widget.disabled = unit is None
        self.border_title = "Tim penyusun" + (f" — {literal(unit.name)}" if unit else "")
        if unit is None:
            table.fill([])
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
        table.fill([(m.id, (m.name, ROLE_LABELS.get(m.role, m.role), m.position, m.nip))
                    for m in sorted((m for m in members if m.unit == unit.slug),
                                    key=lambda m: order.get(m.role, 9))])
        self.call_after_refresh(self._done_loading)

    def _done_loading(self) -> None:
        self._loading = False

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
                self.app.notify(DATE_HINT,
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
            write(self, lambda: ctx.store.add_member(slug, name, **values),
                  "Anggota ditambahkan.")

        self.app.push_screen(MemberForm(unit.name), done)

    @on(DataTable.RowSelected, "#members")
    @on(Button.Pressed, "#member-edit")
    def action_edit_member(self) -> None:
        member = picked(self, self._selected_member(), "anggota")
        if member is None:
            return
        ctx = context_of(self)
        unit = ctx.store.unit(member.unit)

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            write(self, lambda: ctx.store.update_member(member.id, **values),
                  "Anggota disimpan.")

        self.app.push_screen(MemberForm(unit.name, member), done)

    @on(Button.Pressed, "#member-remove")
    def action_remove_member(self) -> None:
        member = picked(self, self._selected_member(), "anggota")
        if member is None:
            return
        ctx = context_of(self)

        def remove() -> None:
            if try_write(self.app, lambda: ctx.store.remove_member(member.id),
                         "Anggota dihapus."):
                self.post_message(WorkshopEdited())

        confirm(self, f"Hapus “{member.name}” dari tim?", remove)


