"""Persiapan: the event, the units (OPD), each unit's Tim Penyusun SOP, readiness and PINs.

This module lays the four panels out (tabs when narrow, two columns when wide); each panel is a
module of this folder (``event``, ``units``, ``team``, ``readiness``; what they share in
``panels``)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import AwaitMount, Widget
from textual.widgets import (
    DataTable,
    Tab,
    Tabs,
)

from workshop.tui.context import context_of
from workshop.tui.guide import StageInfo
from workshop.tui.stages.base import StagePane
from workshop.tui.stages.persiapan.event import EventForm
from workshop.tui.stages.persiapan.panels import DeferredPanel
from workshop.tui.stages.persiapan.readiness import ReadinessPanel
from workshop.tui.stages.persiapan.team import TeamPanel
from workshop.tui.stages.persiapan.units import UnitsPanel

# The panels, for callers that reach into the pane (the palette's Persiapan commands).
__all__ = ["PANELS", "TAB_ALIASES", "EventForm", "PersiapanPane", "ReadinessPanel", "TeamPanel",
           "UnitsPanel"]

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


class PersiapanPane(StagePane, Vertical):
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

    def __init__(self, stage: StageInfo | None = None, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(stage, id=id, classes=classes)
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
        self.query_one(EventForm).show_documents(store.document_settings(), *store.logo_file())
        self.query_one(UnitsPanel).show(ctx, units, members)
        self.query_one(TeamPanel).show(ctx, units, members)
        self.query_one(ReadinessPanel).show(ctx, units)

    @on(UnitsPanel.Highlighted)
    def _unit_highlighted(self, message: UnitsPanel.Highlighted) -> None:
        message.stop()
        self.unit_changed()

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
