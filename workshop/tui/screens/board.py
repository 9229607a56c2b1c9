"""The progress board: every unit against the five stages, sortable, and its projector view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Digits, Footer, Label, Static

from workshop import presence
from workshop.store import Store, StoreError
from workshop.tui.context import context_of
from workshop.tui.progress import UnitProgress
from workshop.tui.widgets.monev_common import DueList, workshop_due

# (key, short label, full label, value of a row, cell text)
Column = tuple[str, str, str, Callable[[UnitProgress], Any], Callable[[UnitProgress], str]]

COLUMNS: tuple[Column, ...] = (
    ("name", "Unit", "Unit", lambda r: r.name.casefold(), lambda r: r.name),
    ("ready", "Siap", "Kesiapan", lambda r: (r.readiness_done, r.readiness_total),
     lambda r: f"{r.readiness_done}/{r.readiness_total}"),
    ("team", "Tim", "Tim", lambda r: (r.members, r.has_ketua),
     lambda r: f"{r.members}{'' if r.has_ketua or not r.members else '!'}"),
    ("needs", "Kbt", "Kebutuhan", lambda r: r.needs, lambda r: str(r.needs)),
    ("drafted", "Draf", "SOP disusun", lambda r: r.drafted, lambda r: str(r.drafted)),
    ("ok", "Lolos", "Tanpa galat", lambda r: r.checked_ok, lambda r: str(r.checked_ok)),
    ("approved", "Sah", "Disahkan", lambda r: r.approved, lambda r: str(r.approved)),
    ("implemented", "Terap", "Diterapkan", lambda r: r.implemented,
     lambda r: str(r.implemented)),
    ("monitored", "Monev", "Dimonitor", lambda r: r.monitored, lambda r: str(r.monitored)),
)

LEGEND = ("Siap = butir kesiapan · Tim = anggota (! tanpa ketua) · Kbt = kebutuhan · "
          "Draf = SOP disusun · Lolos = tanpa galat · Sah = disahkan · Terap = diterapkan · "
          "Monev = dimonitor/dievaluasi")


def sort_rows(rows: Sequence[UnitProgress], column: str, reverse: bool) -> list[UnitProgress]:
    for key, _, _, value, _ in COLUMNS:
        if key == column:
            return sorted(rows, key=value, reverse=reverse)
    return list(rows)


class BoardTable(DataTable[Text]):
    """The board's table; click a header (or press s) to sort."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("s", "next_sort", "Urutkan")]

    def __init__(self, *, wide_labels: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.sort_column = "name"
        self.sort_reverse = False
        self.wide_labels = wide_labels
        self._rows: list[UnitProgress] = []

    def on_mount(self) -> None:
        self._build_columns()

    def _build_columns(self) -> None:
        # Narrow terminals: no cell padding, one leading space per cell, a fixed name width,
        # so all nine columns fit beside the rail at 80 columns.
        self.clear(columns=True)
        self.cell_padding = 1 if self.wide_labels else 0
        for key, short, full, _, _ in COLUMNS:
            label = full if self.wide_labels else short
            if key == self.sort_column:
                label += "▼" if self.sort_reverse else "▲"
            if self.wide_labels:
                self.add_column(Text(label), key=key)
            elif key == "name":
                self.add_column(Text(" " + label), key=key, width=18)
            else:
                self.add_column(Text(" " + label), key=key, width=len(label) + 1)

    def set_wide(self, wide: bool) -> None:
        if wide != self.wide_labels:
            self.wide_labels = wide
            self._build_columns()
            self.show(self._rows)

    def show(self, rows: Sequence[UnitProgress], *, row_height: int | None = None) -> None:
        self._rows = list(rows)
        if row_height is not None:
            self.row_height = row_height
        height = getattr(self, "row_height", 1)
        keep = self.cursor_row
        self.clear()
        top = "\n" * ((height - 1) // 2)  # centre the text in tall rows
        for row in sort_rows(rows, self.sort_column, self.sort_reverse):
            lead = "" if self.wide_labels else " "
            cells = [Text(top + lead + text(row), justify="left" if key == "name" else "right",
                          overflow="ellipsis", no_wrap=True)
                     for key, _, _, _, text in COLUMNS]
            self.add_row(*cells, key=row.slug, height=height)
        if self.row_count:
            self.move_cursor(row=min(keep, self.row_count - 1))

    def sort_by(self, column: str) -> None:
        if column == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column = column
            self.sort_reverse = column != "name"  # numbers: highest first
        self._build_columns()
        self.show(self._rows)

    def action_next_sort(self) -> None:
        keys = [c[0] for c in COLUMNS]
        index = keys.index(self.sort_column)
        self.sort_column = keys[(index + 1) % len(keys)]
        self.sort_reverse = self.sort_column != "name"
        self._build_columns()
        self.show(self._rows)

    @on(DataTable.HeaderSelected)
    def _header(self, message: DataTable.HeaderSelected) -> None:
        message.stop()
        if message.column_key.value is not None:
            self.sort_by(message.column_key.value)


def presence_text(store: Store) -> str:
    """Which units are connected now and which SOP each is editing; "" when nobody is."""
    grouped = presence.by_unit(presence.connected(store))
    if not grouped:
        return ""
    names = {u.slug: u.short_name or u.name for u in store.units()}
    parts = [f"{names.get(slug, slug)}: {presence.editing_text(entries)}"
             for slug, entries in sorted(grouped.items(), key=lambda kv: names.get(kv[0], kv[0]))]
    return "Terhubung sekarang — " + " · ".join(parts)


def totals_text(rows: Sequence[UnitProgress]) -> str:
    return (f"{len(rows)} unit · {sum(r.needs for r in rows)} kebutuhan · "
            f"{sum(r.drafted for r in rows)} SOP disusun · "
            f"{sum(r.checked_ok for r in rows)} tanpa galat · "
            f"{sum(r.approved for r in rows)} disahkan")


class BoardPane(Vertical):
    """The progress board inside the main screen."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="pane-head"):
            yield Label("Papan kemajuan", classes="pane-title")
            yield Button("Tampilan proyektor", id="board-projector", compact=True)
        yield BoardTable(id="board")
        yield Static("", id="board-presence", markup=False)
        yield Static("", id="board-totals", markup=False)
        yield Static(LEGEND, id="board-legend", markup=False, classes="hint")
        yield DueList("", id="board-due", markup=False)

    def refresh_data(self, rows: Sequence[UnitProgress] | None = None) -> None:
        if rows is None:
            rows = context_of(self).progress_rows()
        table = self.query_one(BoardTable)
        table.set_wide(self.screen.has_class("-wide"))
        table.show(rows)
        self.query_one("#board-totals", Static).update(totals_text(rows))
        self.query_one(DueList).show_items(workshop_due(context_of(self)), limit=3)
        self._show_presence()

    def on_mount(self) -> None:
        # Presence files are not workshop changes: poll them on their own.
        self.set_interval(2.0, self._show_presence)

    def _show_presence(self) -> None:
        try:
            text = presence_text(context_of(self).store)
        except (StoreError, OSError):
            text = ""
        line = self.query_one("#board-presence", Static)
        line.update(text)
        line.display = bool(text)

    @on(Button.Pressed, "#board-projector")
    def _projector(self) -> None:
        self.app.push_screen(ProjectorBoardScreen())


class ProjectorBoardScreen(Screen[None]):
    """The board, large, for the projector: totals in big digits and the table."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Kembali")]

    def compose(self) -> ComposeResult:
        yield Static("", id="projector-title", markup=False)
        with Horizontal(id="projector-figures"):
            for key, label in (("units", "Unit"), ("drafted", "SOP disusun"),
                               ("ok", "Tanpa galat"), ("approved", "Disahkan")):
                with Vertical(classes="figure"):
                    yield Digits("0", id=f"fig-{key}")
                    yield Label(label, classes="figure-label")
        yield BoardTable(id="projector-board", wide_labels=True)
        yield Static("", id="projector-presence", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.set_interval(0.5, self._poll)

    def _poll(self) -> None:
        ctx = context_of(self)
        if ctx.store.changed():
            self.refresh_data()

    def refresh_data(self) -> None:
        ctx = context_of(self)
        try:
            rows = ctx.progress_rows()
            title = ctx.store.event().title
        except StoreError as exc:  # a file damaged meanwhile: name it and its backup
            self.app.notify(str(exc), title="Berkas workshop rusak", severity="error",
                            markup=False, timeout=15)
            return
        self.query_one("#projector-title", Static).update(
            Text(f"Papan kemajuan — {title}", style="bold"))
        self.query_one("#fig-units", Digits).update(str(len(rows)))
        self.query_one("#fig-drafted", Digits).update(str(sum(r.drafted for r in rows)))
        self.query_one("#fig-ok", Digits).update(str(sum(r.checked_ok for r in rows)))
        self.query_one("#fig-approved", Digits).update(str(sum(r.approved for r in rows)))
        table = self.query_one(BoardTable)
        table.set_wide(not self.has_class("-narrow"))
        free = max(table.size.height, self.size.height // 2) - 2
        table.show(rows, row_height=max(1, min(3, free // max(len(rows), 1))))
        try:
            text = presence_text(ctx.store)
        except (StoreError, OSError):
            text = ""
        line = self.query_one("#projector-presence", Static)
        line.update(text)
        line.display = bool(text)

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_data)
