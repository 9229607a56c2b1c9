"""The progress board: every unit against the five stages, sortable, the general SOPs adopted
by the units, the monev due dates, and its projector view.

Everything comes from the context's per-unit cache (``Context.progress_and_due``): a refresh
re-reads only the unit files that changed, never every SOP of the workshop.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Button, DataTable, Digits, Label, Static
from textual.widgets.data_table import ColumnKey

from workshop import presence
from workshop.datetext import wait_text
from workshop.stages.monev.monev import DueItem
from workshop.store import PinFailures, Store, StoreError
from workshop.tui.context import Context, context_of, try_write
from workshop.tui.dialogs import ConfirmScreen
from workshop.tui.messages import WorkshopChanged
from workshop.tui.progress import GeneralAdoption, UnitProgress, general_adoption
from workshop.tui.stages.base import StagePane
from workshop.tui.stages.monev.common import DueList
from workshop.tui.widgets.fit_table import SCROLLBAR
from workshop.tui.widgets.footer import KeyFooter
from workshop.tui.widgets.timer_digits import FONT, FONT_ROWS, fitted_figures, pixel_width

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
    ("ok", "Lolos", "Lolos periksa", lambda r: r.checked_ok, lambda r: str(r.checked_ok)),
    ("approved", "Sah", "Disahkan", lambda r: r.approved, lambda r: str(r.approved)),
    ("implemented", "Terap", "Diterapkan", lambda r: r.implemented,
     lambda r: str(r.implemented)),
    ("monitored", "Monev", "Dimonitor", lambda r: r.monitored, lambda r: str(r.monitored)),
)

LEGEND = ("Siap = butir kesiapan · Tim = anggota (! tanpa ketua) · Kbt = kebutuhan · "
          "Draf = SOP disusun · Lolos = tanpa kesalahan · Sah = disahkan · Terap = diterapkan · "
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
        self._fit_name()

    def _fit_name(self) -> None:
        """Wide labels: the unit name's column takes the room the other columns leave (an
        auto-width column never looks at the table's width: 'Dimonitor' ran off the edge)."""
        name = self.columns.get(ColumnKey("name"))
        if not self.wide_labels or name is None or not self.size.width:
            return
        pad = 2 * self.cell_padding
        others = sum(cell_len(c.label.plain) + pad for k, c in self.columns.items()
                     if k != ColumnKey("name"))
        longest = max([cell_len(r.name) for r in self._rows] + [cell_len(name.label.plain)])
        width = max(12, min(longest, self.size.width - SCROLLBAR - pad - others))
        if name.width != width or name.auto_width:
            name.width, name.auto_width = width, False
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()

    def on_resize(self) -> None:
        self._fit_name()

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


def pin_failures_text(store: Store, failures: Sequence[PinFailures]) -> str:
    """"PIN salah — Dinas Kesehatan: 6 kali dari 2 alamat (tunggu 30 detik)"; "" when none."""
    if not failures:
        return ""
    names = {u.slug: u.short_name or u.name for u in store.units()}
    parts = []
    for item in failures:
        part = f"{names.get(item.unit, item.unit)}: {item.failures} kali dari " \
               f"{item.addresses} alamat"
        if item.wait > 0:
            part += f" (tunggu {wait_text(item.wait)})"
        parts.append(part)
    return "PIN salah — " + " · ".join(parts)


def totals_text(rows: Sequence[UnitProgress]) -> str:
    return (f"{len(rows)} unit · {sum(r.needs for r in rows)} kebutuhan · "
            f"{sum(r.drafted for r in rows)} SOP disusun · "
            f"{sum(r.checked_ok for r in rows)} tanpa kesalahan · "
            f"{sum(r.approved for r in rows)} disahkan")


def template_titles(rows: Sequence[UnitProgress]) -> dict[str, str]:
    """Titles of the template library (read once, shared with the Kebutuhan stage); nothing
    is read while no unit adopted a general SOP."""
    if not any(r.general for r in rows):
        return {}
    from workshop.tui.stages.kebutuhan.common import templates

    library, _problems = templates()
    return {tid: sop.title for tid, sop in library.items()}


def adoption_of(rows: Sequence[UnitProgress]) -> list[GeneralAdoption]:
    """The general SOPs the units adopted, most adopted first (from the cached rows)."""
    return general_adoption(rows, template_titles(rows))


def adoption_text(found: Sequence[GeneralAdoption], units: int | None = None) -> Text:
    """"SOP umum diadopsi (dari 7 unit): Pengelolaan Surat Masuk 3 unit · ..." (without the
    number of units when ``units`` is None: narrow terminals)."""
    text = Text("SOP umum diadopsi", style="bold")
    if not found:
        text.append(": ", style="bold")
        text.append("belum ada.")
        return text
    text.append(": " if units is None else f" (dari {units} unit): ", style="bold")
    for number, item in enumerate(found):
        if number:
            text.append(" · ", style="dim")
        text.append(item.title)
        text.append(f" {item.units} unit", style="bold")
    return text


def ctx_rows_and_due(ctx: Context, rows: Sequence[UnitProgress] | None
                     ) -> tuple[Sequence[UnitProgress], list[DueItem]]:
    """The board's rows (``rows`` when the caller just counted them) and the due items, from
    the context's per-unit cache (a second call with nothing changed costs a stat per unit)."""
    fresh, due = ctx.progress_and_due()
    return (fresh if rows is None else rows), due


class BoardPane(StagePane, Vertical):
    """The progress board inside the main screen (a pane of the stage registry)."""

    FOCUS = "#board"  # keys (s: sort) act on the board at once

    DEFAULT_CSS = """
    BoardPane #board-adoption-box { height: auto; max-height: 2; margin: 0 1;
                                    scrollbar-size-vertical: 1; }
    .-wide BoardPane #board-adoption-box { max-height: 5; }
    BoardPane #board-adoption { height: auto; }
    BoardPane #board-pins-row { height: auto; margin: 0 1; }
    BoardPane #board-pins { width: 1fr; height: auto; color: $warning; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(classes="pane-head"):
            yield Label("Papan kemajuan", classes="pane-title")
            yield Button("Tampilan proyektor", id="board-projector", compact=True)
        yield BoardTable(id="board")
        yield Static("", id="board-presence", markup=False)
        with Horizontal(id="board-pins-row"):
            yield Static("", id="board-pins", markup=False)
            yield Button("Buka kunci PIN", id="board-unlock", compact=True)
        yield Static("", id="board-totals", markup=False)
        with VerticalScroll(id="board-adoption-box", can_focus=False):
            yield Static("", id="board-adoption", markup=False)
        yield Static(LEGEND, id="board-legend", markup=False, classes="hint")
        yield DueList("", id="board-due", markup=False)

    def refresh_data(self, rows: Sequence[UnitProgress] | None = None) -> None:
        """Re-read the board (``rows``: when the caller just counted them)."""
        ctx = context_of(self)
        try:
            rows, due = ctx_rows_and_due(ctx, rows)
        except StoreError as exc:  # a file damaged meanwhile: the main screen names it
            self.app.notify(str(exc), title="Berkas workshop rusak", severity="error",
                            markup=False, timeout=15)
            return
        table = self.query_one(BoardTable)
        table.set_wide(self.screen.has_class("-wide"))
        table.show(rows)
        self.query_one("#board-totals", Static).update(totals_text(rows))
        self.query_one("#board-adoption", Static).update(adoption_text(
            adoption_of(rows), len(rows) if self.screen.has_class("-wide") else None))
        self.query_one(DueList).show_items(due, limit=3)
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
        self._show_pin_failures()

    def _show_pin_failures(self) -> None:
        store = context_of(self).store
        try:
            self._pin_failures = store.pin_failures()
            text = pin_failures_text(store, self._pin_failures)
        except (StoreError, OSError):
            self._pin_failures, text = [], ""
        self.query_one("#board-pins", Static).update(text)
        self.query_one("#board-pins-row").display = bool(text)

    @on(Button.Pressed, "#board-unlock")
    def _unlock(self) -> None:
        failures = list(getattr(self, "_pin_failures", []))
        if not failures:
            return
        store = context_of(self).store
        names = {u.slug: u.name for u in store.units()}
        units = ", ".join(names.get(f.unit, f.unit) for f in failures)

        def confirmed(yes: bool | None) -> None:
            if yes:
                for slug in [item.unit for item in failures]:
                    try_write(self.app, functools.partial(store.clear_pin_lock, slug))
                self._show_pin_failures()

        self.app.push_screen(ConfirmScreen(
            f"Lupakan PIN salah dan akhiri waktu tunggu untuk: {units}? Lakukan ini bila "
            "tim sendiri yang salah ketik; bila ada yang menebak PIN, buat PIN baru di "
            "Persiapan.", confirm_label="Buka kunci"), confirmed)

    @on(Button.Pressed, "#board-projector")
    def _projector(self) -> None:
        self.app.push_screen(ProjectorBoardScreen())


def figure_scale(reference: str, width: int, height: int) -> tuple[int, int]:
    """The scale of the block digits for figures as wide as ``reference`` in ``width`` x
    ``height`` cells: (cells across, rows down) of one font pixel, as tall as fits and about
    square (a cell is twice as high as it is wide: ``across == 2 * down`` is square; a pixel
    may be up to twice as tall as wide, never wider than square). (0, 0) when even one cell
    by one row does not fit."""
    pixels = max(pixel_width(reference), 1)
    widest = width // pixels
    for down in range(height // FONT_ROWS, 0, -1):
        across = min(widest, 2 * down)
        if across >= down:
            return (across, down)
    return (0, 0)


def figure_lines(value: str, across: int, down: int) -> list[str]:
    """``value`` in the block font, each pixel ``across`` cells by ``down`` rows."""
    glyphs = [FONT.get(ch, FONT[" "]) for ch in value]
    lines: list[str] = []
    for row in range(FONT_ROWS):
        cells = ["".join("█" * across if px == "#" else " " * across for px in glyph[row])
                 for glyph in glyphs]
        lines.extend([(" " * across).join(cells)] * down)
    return lines


class FigureDigits(Digits):
    """A figure of the projector board as large as its room allows (block digits), the
    three-line ``Digits`` when the room is too small. ``reference`` is the widest figure shown
    beside it, so all figures are drawn at one scale."""

    DEFAULT_CSS = """
    FigureDigits { width: 1fr; height: 1fr; text-align: center; color: $accent; }
    """

    def __init__(self, value: str = "0", *, id: str | None = None) -> None:
        super().__init__(value, id=id)
        self.reference = value

    @property
    def scale(self) -> tuple[int, int]:
        """The scale now drawn; (0, 0): the three-line digits."""
        size = self.content_size
        return figure_scale(self._reference_for(), size.width, size.height)

    def _reference_for(self) -> str:
        return self.reference if len(self.reference) >= len(self.value) else self.value

    def set_reference(self, reference: str) -> None:
        if reference != self.reference:
            self.reference = reference
            self.refresh()

    def render(self) -> RenderResult:
        size = self.content_size
        style = self.rich_style
        scale = figure_scale(self._reference_for(), size.width, size.height)
        return fitted_figures(self.value, scale, figure_lines, style, "center", size.height)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(3, container.height)


FIGURES: tuple[tuple[str, str], ...] = (
    ("units", "Unit"), ("drafted", "SOP disusun"), ("ok", "Lolos periksa"),
    ("approved", "Disahkan"))


def figure_values(rows: Sequence[UnitProgress]) -> dict[str, str]:
    return {
        "units": str(len(rows)),
        "drafted": str(sum(r.drafted for r in rows)),
        "ok": str(sum(r.checked_ok for r in rows)),
        "approved": str(sum(r.approved for r in rows)),
    }


class ProjectorBoardScreen(Screen[None]):
    """The board, large, for the projector: totals in big digits (as large as the terminal
    allows), the table with tall rows, the general SOPs adopted; at 80 columns the totals are
    one line of text."""

    DEFAULT_CSS = """
    ProjectorBoardScreen .board-figure { width: 1fr; height: 1fr; }
    ProjectorBoardScreen .board-figure-label { width: 100%; height: 1; text-align: center;
                                               color: $text-muted; text-style: bold; }
    ProjectorBoardScreen #projector-totals { display: none; height: auto; text-style: bold; }
    ProjectorBoardScreen.-narrow #projector-totals { display: block; }
    ProjectorBoardScreen #projector-adoption { height: auto; max-height: 3; margin-top: 1; }
    ProjectorBoardScreen.-wide #projector-adoption { max-height: 6; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Kembali")]

    def compose(self) -> ComposeResult:
        yield Static("", id="projector-title", markup=False)
        with Horizontal(id="projector-figures"):
            for key, label in FIGURES:
                with Vertical(classes="board-figure"):
                    yield FigureDigits("0", id=f"fig-{key}")
                    yield Label(label, classes="board-figure-label")
        yield Static("", id="projector-totals", markup=False)
        yield BoardTable(id="projector-board", wide_labels=True)
        yield Static("", id="projector-adoption", markup=False)
        yield Static("", id="projector-presence", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_data()

    @on(WorkshopChanged)
    def _workshop_changed(self) -> None:
        self.refresh_data()

    def figures_height(self, units: int) -> int:
        """Rows of the figures (digits and their labels): what the table of ``units`` rows
        (three rows each when there is room) leaves, between a fifth and a third of the
        terminal; at least the three-line digits and a label."""
        height = self.size.height
        table = min(units * 3, max(units, height // 2)) + 2
        others = 8  # title, figures' margin, adoption, presence, footer
        return max(4, height // 5, min(height // 3, height - others - table))

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
        values = figure_values(rows)
        widest = max(values.values(), key=len)
        for key, value in values.items():
            figure = self.query_one(f"#fig-{key}", FigureDigits)
            figure.update(value)
            figure.set_reference("0" * len(widest))
        self.query_one("#projector-figures").styles.height = self.figures_height(len(rows))
        self.query_one("#projector-totals", Static).update(totals_text(rows))
        table = self.query_one(BoardTable)
        table.set_wide(not self.has_class("-narrow"))
        free = max(table.size.height, self.size.height // 3) - 2
        table.show(rows, row_height=max(1, min(3, free // max(len(rows), 1))))
        self.query_one("#projector-adoption", Static).update(adoption_text(
            adoption_of(rows), None if self.has_class("-narrow") else len(rows)))
        try:
            text = presence_text(ctx.store)
        except (StoreError, OSError):
            text = ""
        line = self.query_one("#projector-presence", Static)
        line.update(text)
        line.display = bool(text)

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_data)
