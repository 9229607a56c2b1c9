"""The facilitator's side of participants in the room: who is connected now and which SOP each
unit is editing, and *following* a unit (the projector shows its current flowchart, live)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from workshop import presence
from workshop.model import SopRecord
from workshop.store import StoreError
from workshop.tui.commands import PaletteCommand, bind
from workshop.tui.context import Context, context_of, open_context
from workshop.tui.widgets.fit_table import Column, FitTable
from workshop.tui.widgets.flowchart import FlowchartView
from workshop.tui.widgets.footer import KeyFooter

POLL_SECONDS = 0.5


def presence_rows(ctx: Context | None) -> list[tuple[str, str, str]]:
    """(slug, unit name, what its people are doing) for every unit, connected ones first."""
    if ctx is None:
        return []
    grouped = presence.by_unit(presence.connected(ctx.store))
    rows = []
    for unit in ctx.store.units():
        entries = grouped.get(unit.slug, [])
        rows.append((unit.slug, unit.name, presence.editing_text(entries) or "-"))
    rows.sort(key=lambda r: r[2] == "-")
    return rows


class PresenceScreen(Screen[None]):
    """Units and their connected participants; Enter follows the chosen unit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Kembali"),
        Binding("j", "join", "Alamat bergabung"),
    ]
    DEFAULT_CSS = """
    PresenceScreen #presence-title { height: auto; text-style: bold; padding: 0 1; }
    PresenceScreen #presence-table { height: 1fr; }
    PresenceScreen #presence-hint { height: auto; color: $text-muted; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Peserta terhubung", id="presence-title")
        yield FitTable((Column("unit", "Unit", 1), Column("doing", "Sedang dikerjakan", 2)),
                       id="presence-table")
        yield Static("Enter: ikuti unit (bagan alirnya tampil di proyektor) · j: alamat "
                     "bergabung · Esc: kembali", id="presence-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_data()
        self.set_interval(1.0, self.refresh_data)

    def refresh_data(self) -> None:
        table = self.query_one(FitTable)
        try:
            rows = presence_rows(open_context(self.app))
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        table.fill([(slug, (name, doing)) for slug, name, doing in rows])
        connected = sum(1 for r in rows if r[2] != "-")
        self.query_one("#presence-title", Static).update(
            f"Peserta terhubung: {connected} dari {len(rows)} unit")

    @on(DataTable.RowSelected, "#presence-table")
    def _follow(self, message: DataTable.RowSelected) -> None:
        if message.row_key.value is not None:
            self.app.push_screen(FollowScreen(message.row_key.value))

    def action_join(self) -> None:
        from workshop.tui.screens.join import JoinScreen

        self.app.push_screen(JoinScreen())


class FollowScreen(Screen[None]):
    """The projector follows one unit: the flowchart of the SOP it edits now, live."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Kembali")]
    DEFAULT_CSS = """
    FollowScreen #follow-title { height: auto; text-style: bold; padding: 0 1;
                                 background: $primary; color: $text; }
    FollowScreen #follow-flow { height: 1fr; }
    FollowScreen #follow-empty { height: auto; padding: 1 2; }
    """

    def __init__(self, slug: str, sop_id: str | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.sop_id = sop_id  # fixed when given; else the SOP the unit edits now
        self._shown: tuple[str | None, tuple[int, ...]] = (None, ())
        self.record: SopRecord | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="follow-title")
        yield Static("", id="follow-empty")
        yield FlowchartView(None, projector=True, id="follow-flow")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_data()
        self.set_interval(POLL_SECONDS, self.refresh_data)

    def _target(self) -> str | None:
        ctx = context_of(self)
        if self.sop_id is not None:
            return self.sop_id
        entries = presence.by_unit(presence.connected(ctx.store)).get(self.slug, [])
        current = presence.following_sop(entries)
        if current is not None:
            return current
        return self._shown[0]  # keep the last one while nobody edits

    def refresh_data(self) -> None:
        ctx = context_of(self)
        store = ctx.store
        try:
            unit = store.unit(self.slug)
            target = self._target()
            if target is None:
                sops = store.sops(self.slug)
                target = sops[-1].id if sops else None
            key = (target, store.unit_token(self.slug))
            if key == self._shown:
                return
            self._shown = key
            self.record = store.sop(self.slug, target) if target is not None else None
        except StoreError as exc:
            self.query_one("#follow-empty", Static).update(Text(str(exc)))
            return
        record = self.record
        title = f"Mengikuti {unit.name}"
        if record is not None:
            title += f" — {record.sop.title or '(tanpa nama)'} ({len(record.sop.steps)} langkah)"
        self.query_one("#follow-title", Static).update(Text(title))
        self.query_one("#follow-empty", Static).update(
            "" if record is not None else "Unit ini belum punya SOP.")
        self.query_one("#follow-empty", Static).display = record is None
        self.query_one(FlowchartView).update(record.sop if record is not None else None, None)


def presence_commands(app: App[Any]) -> list[PaletteCommand]:
    """Palette commands of the facilitator for participants in the room."""
    from workshop.tui.screens.join import JoinScreen

    ctx = open_context(app)
    if ctx is None:
        return []
    commands = [
        PaletteCommand("Peserta terhubung", "Unit yang terhubung dan SOP yang dikerjakan",
                       lambda: app.push_screen(PresenceScreen())),
        PaletteCommand("Alamat bergabung peserta (QR)", "Alamat dan kode QR untuk proyektor",
                       lambda: app.push_screen(JoinScreen())),
    ]
    try:
        units = ctx.store.units()
    except StoreError:
        units = []
    for unit in units:
        commands.append(PaletteCommand(f"Ikuti unit: {unit.name}",
                                       "Bagan alir SOP yang sedang dikerjakan unit ini, langsung",
                                       bind(lambda slug: app.push_screen(FollowScreen(slug)),
                                            unit.slug)))
    return commands
