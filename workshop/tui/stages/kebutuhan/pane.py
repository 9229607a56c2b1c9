"""Penilaian Kebutuhan: Tabel 6 per unit, existing SOPs, overlaps between units, general SOPs
and their adoption, dot-voting and the ranked inventory (Daftar Kebutuhan SOP).

The logic lives in ``workshop.stages.kebutuhan.needs`` (pure); this module reads the store,
shows, and writes through ``attempt`` so a store error becomes an Indonesian toast. User text
is always data (``rich.text.Text``), never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Select, Static, TabbedContent, TabPane

from workshop.model import Unit
from workshop.stages.kebutuhan import needs
from workshop.store import StoreError
from workshop.tui.context import BIG_WORKSHOP_BYTES, context_of
from workshop.tui.guide import StageInfo
from workshop.tui.stages.base import StagePane
from workshop.tui.stages.kebutuhan.adoption import GeneralPanel
from workshop.tui.stages.kebutuhan.common import NeedsChanged
from workshop.tui.stages.kebutuhan.existing import ExistingPanel
from workshop.tui.stages.kebutuhan.inventory import InventoryPanel
from workshop.tui.stages.kebutuhan.overlap import OverlapPanel
from workshop.tui.stages.kebutuhan.tabel6 import Tabel6Panel
from workshop.tui.stages.kebutuhan.votes import VotePanel
from workshop.tui.widgets.tabs import WorkshopTabs, show_tab


class KebutuhanPane(StagePane, VerticalScroll):
    """The Penilaian Kebutuhan stage's screen.

    Tabs: Tabel 6, SOP lama, Tumpang tindih, SOP umum, Prioritas, Daftar kebutuhan. A panel
    that wrote to the workshop posts ``NeedsChanged``; the pane then re-reads what is visible.
    """

    DEFAULT_CSS = """
    KebutuhanPane { padding: 0 1; overflow-y: hidden; }
    KebutuhanPane #needs-bar { height: 1; }
    KebutuhanPane #needs-title { width: auto; color: $accent; margin-right: 2; }
    KebutuhanPane #needs-unit { width: 1fr; max-width: 60; }
    KebutuhanPane #needs-tabs { height: 1fr; }
    KebutuhanPane TabPane { height: 1fr; padding: 0; }
    KebutuhanPane .hint { height: auto; color: $text-muted; }
    KebutuhanPane .needs-label { width: auto; padding: 0 1 0 0; }
    """

    UNIT_PICKER = "needs-unit"

    def __init__(self, stage: StageInfo, *, id: str | None = None) -> None:
        super().__init__(stage, id=id, classes="stage-pane")
        self.stage: StageInfo = stage

    def compose(self) -> ComposeResult:
        with Horizontal(id="needs-bar"):
            yield Static(Text(self.stage.name, style="bold"), id="needs-title")
            yield Select[str]([], prompt="Pilih unit", id="needs-unit", compact=True)
        with WorkshopTabs(id="needs-tabs", initial="tab-tabel6"):
            with TabPane("Tabel 6", id="tab-tabel6"):
                yield Tabel6Panel(id="needs-tabel6")
            with TabPane("SOP lama", id="tab-lama"):
                yield ExistingPanel(id="needs-existing")
            with TabPane("Tumpang tindih", id="tab-overlap"):
                yield OverlapPanel(id="needs-overlap")
            with TabPane("SOP umum", id="tab-umum"):
                yield GeneralPanel(id="needs-general")
            with TabPane("Prioritas", id="tab-prioritas"):
                yield VotePanel(id="needs-votes")
            with TabPane("Daftar kebutuhan", id="tab-inventaris"):
                yield InventoryPanel(id="needs-inventory")

    def on_mount(self) -> None:
        self.call_after_refresh(self.refresh_data)

    def unit(self) -> Unit | None:
        value = self.query_one("#needs-unit", Select).value
        if not isinstance(value, str):
            return None
        try:
            return context_of(self).store.unit(value)
        except StoreError:
            return None

    def show_unit(self) -> None:
        self.refresh_data()

    def show_tab(self, tab_id: str) -> None:
        show_tab(self.query_one("#needs-tabs", TabbedContent), tab_id)

    def on_needs_changed(self, message: NeedsChanged) -> None:
        message.stop()
        self.refresh_data()

    @on(TabbedContent.TabActivated, "#needs-tabs")
    def _tab_changed(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Re-read what the visible tab shows. Overlaps, adoption counts and the inventory of
        all units need every unit: they come from the context's per-unit caches, so a refresh
        after a change in one unit reads that unit only (and only while their tab is open)."""
        if not self.is_mounted:
            return
        ctx = context_of(self)
        store = ctx.store
        try:
            units = store.units()
            wanted = self.sync_units(units)
            unit = next((u for u in units if u.slug == wanted), None)
            tab = self.query_one("#needs-tabs", TabbedContent).active
            # The selected unit's Tabel 6: not read for the tabs of all units.
            rows = (store.needs(unit.slug) if unit and tab not in ("tab-overlap", "tab-umum")
                    else [])
            if tab == "tab-tabel6":
                self.query_one(Tabel6Panel).show(unit, rows)
            elif tab == "tab-lama":
                existing = store.existing_sops(unit.slug) if unit else []
                self.query_one(ExistingPanel).show(unit, existing, rows)
            elif tab == "tab-overlap":
                # Per-unit cache: only units whose file changed are read again.
                self.query_one(OverlapPanel).show(units, ctx.all_needs())
            elif tab == "tab-umum":
                panel = self.query_one(GeneralPanel)
                if not ctx.counted() and store.units_size() > BIG_WORKSHOP_BYTES:
                    # The first count of a big workshop runs in a worker (main screen): not
                    # here on the UI thread. Its end refreshes the stage again.
                    panel.show_counting(units)
                else:
                    # The counts and the titles come from the context's per-unit cache: no
                    # SOP is decoded here (the one adopted is read when someone adopts it).
                    panel.show(units, ctx.progress_rows(), ctx.adoption_counts())
            elif tab == "tab-prioritas":
                self.query_one(VotePanel).show(ctx, unit, rows)
            elif tab == "tab-inventaris":
                inventory = self.query_one(InventoryPanel)
                votes = store.votes()
                if inventory.all_units:
                    by_unit = ctx.all_needs()
                    chosen = [(u, by_unit.get(u.slug, [])) for u in units]
                else:
                    chosen = [(u, rows) for u in units if u is unit]
                inv = needs.inventory(chosen, votes)
                inventory.show(unit, inv)
        except StoreError as exc:
            self.app.notify(str(exc), title="Data tidak dapat dibaca", severity="error",
                            markup=False)
