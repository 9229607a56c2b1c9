"""Tabel 6 of one unit: the table, the keyboard-first entry row, pasting, drafts."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, DataTable, Input, Select, Static

from workshop.model import ACTIVITIES, NeedRow, SopRecord, Unit
from workshop.stages.kebutuhan import needs
from workshop.tui.context import attempt, context_of, try_write
from workshop.tui.stages.kebutuhan.common import (
    CELL_PADDING,
    NeedsChanged,
    aspects,
    fit_widths,
    keep_cursor,
    selected_key,
)
from workshop.tui.stages.kebutuhan.dialogs import ACTIVITY_LABELS, NeedForm, PasteNeedsScreen

# ---------------------------------------------------------------------------------------------
# Tabel 6
# ---------------------------------------------------------------------------------------------

ENTRY_FIELDS: tuple[tuple[str, str], ...] = (
    ("tugas", "Tugas"),
    ("fungsi", "Fungsi"),
    ("uraian_tugas", "Uraian tugas"),
    ("kegiatan", "Kegiatan"),
    ("output", "Output"),
    ("aspek", "Aspek"),
    ("title", "Judul SOP (usulan: aspek + output)"),
)
# Cleared after a row is added; tugas/fungsi/uraian/kegiatan stay for the next output.
CLEARED_AFTER_ADD = ("output", "aspek", "title")

# The table's columns (the form's order): key, header, fixed width (0: fitted to the room left).
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("no", "No", 3),
    ("tugas", "Tugas", 0),
    ("fungsi", "Fungsi", 0),
    ("uraian", "Uraian Tugas", 0),
    ("kegiatan", "Kegiatan", 0),
    ("output", "Output", 0),
    ("aspek", "Aspek Kegiatan", 14),
    ("title", "Judul SOP", 0),
    ("activity", "Jenis", 9),
    ("draft", "Draf", 4),
)
# How much of the room left each fitted column may claim when not everything fits.
WEIGHTS = {"tugas": 1, "fungsi": 1, "uraian": 1, "kegiatan": 1, "output": 3, "title": 5}
# The column sets, widest first; a narrower table keeps what a facilitator checks first: the
# output and its SOP title. The first set is shown in which every fitted column gets MIN_WIDTH
# (or its whole text) and the title TITLE_WIDTH (or its whole text).
LAYOUTS: tuple[tuple[str, ...], ...] = (
    tuple(key for key, _, _ in COLUMNS),
    ("no", "tugas", "output", "aspek", "title", "activity", "draft"),
    ("no", "output", "title", "activity", "draft"),
)
MIN_WIDTH = 14
TITLE_WIDTH = 30


class Tabel6Panel(Vertical):
    """Formulir Identifikasi SOP AP Berdasarkan Tugas dan Fungsi of the chosen unit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_row", "Baris baru"),
        Binding("ctrl+v", "paste", "Tempel baris", show=False),
        Binding("t", "paste", "Tempel"),
        Binding("e", "edit", "Ubah"),
        Binding("delete", "remove", "Hapus"),
        Binding("d", "draft", "Jadikan draf"),
    ]

    DEFAULT_CSS = """
    Tabel6Panel { height: 1fr; }
    Tabel6Panel #needs-table { height: 1fr; }
    Tabel6Panel #needs-columns { height: 1; color: $text-muted; display: none; }
    Tabel6Panel #needs-entry { grid-size: 4; grid-rows: 1; grid-gutter: 0 1; height: 2; }
    Tabel6Panel #needs-coverage { height: auto; max-height: 8; overflow-y: auto;
                                  color: $warning; }
    Tabel6Panel .buttons { height: 1; }
    Tabel6Panel .buttons Button { margin-right: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._suggested = ""  # the title last suggested into the entry row
        self._rows: list[NeedRow] = []
        self._unit: Unit | None = None
        self._columns: tuple[tuple[str, int], ...] = ()  # shown: key, width

    def compose(self) -> ComposeResult:
        yield Static("Sebagian kolom tak muat di layar; e: baris lengkap.",
                     id="needs-columns")
        table: DataTable[Text] = DataTable(id="needs-table", cursor_type="row",
                                           zebra_stripes=True)
        yield table
        yield Static("", id="needs-coverage")
        with Grid(id="needs-entry"):
            for key, label in ENTRY_FIELDS:
                suggester = (SuggestFromList(aspects(), case_sensitive=False)
                             if key == "aspek" else None)
                yield Input(placeholder=label, id=f"in-{key}", compact=True, suggester=suggester,
                            tooltip=label)
            yield Select([(ACTIVITY_LABELS[a], a) for a in ACTIVITIES], value="rutin",
                         allow_blank=False, id="in-activity", compact=True,
                         tooltip="Jenis kegiatan")
        with Horizontal(classes="buttons"):
            yield Button("Tambah (Enter)", id="need-add", compact=True, variant="primary")
            yield Button("Tempel", id="need-paste", compact=True)
            yield Button("Ubah", id="need-edit", compact=True)
            yield Button("Hapus", id="need-remove", compact=True, variant="error")
            yield Button("Jadikan draf", id="need-draft", compact=True)

    def on_resize(self) -> None:
        self._draw()

    def show(self, unit: Unit | None, rows: list[NeedRow]) -> None:
        self._unit = unit
        self._rows = rows
        self._draw()
        self._show_coverage(unit, rows)

    def _cells(self) -> list[dict[str, str]]:
        outline = needs.outline_cells(self._rows)
        return [
            {"no": str(i), "tugas": heads[0], "fungsi": heads[1], "uraian": heads[2],
             "kegiatan": heads[3], "output": r.output, "aspek": r.aspek, "title": r.title,
             "activity": ACTIVITY_LABELS.get(r.activity, r.activity),
             "draft": "ada" if r.sop_id else ""}
            for i, (r, heads) in enumerate(zip(self._rows, outline, strict=True), start=1)
        ]

    def _draw(self) -> None:
        """(Re)build the table: the columns that fit the panel's width, long texts cut with
        an ellipsis (the whole row is in the Ubah dialog)."""
        table: DataTable[Text] = self.query_one("#needs-table", DataTable)
        cells = self._cells()
        room = max(self.size.width - 2, 20)  # the vertical scrollbar
        headers = {key: (label, fixed) for key, label, fixed in COLUMNS}
        for keys in LAYOUTS:
            fixed = {k: headers[k][1] for k in keys if headers[k][1]}
            natural = {k: max([len(headers[k][0])] + [len(c[k]) for c in cells])
                       for k in keys if not headers[k][1]}
            flexible_room = room - sum(fixed.values()) - CELL_PADDING * len(keys)
            fitted = fit_widths(natural, WEIGHTS, flexible_room)
            if (all(fitted[k] >= min(n, MIN_WIDTH) for k, n in natural.items())
                    and fitted["title"] >= min(natural["title"], TITLE_WIDTH)):
                break
        widths = {**fixed, **fitted}
        columns = tuple((k, widths[k]) for k in keys)
        key, row = selected_key(table), table.cursor_row
        if columns != self._columns:
            self._columns = columns
            table.clear(columns=True)
            for k, width in columns:
                table.add_column(headers[k][0], key=k, width=width)
        else:
            table.clear()
        for r, c in zip(self._rows, cells, strict=True):
            table.add_row(*(Text(c[k], overflow="ellipsis", no_wrap=True) for k in keys),
                          key=r.id)
        keep_cursor(table, key, row)
        self.query_one("#needs-columns", Static).display = len(keys) < len(COLUMNS)

    def _show_coverage(self, unit: Unit | None, rows: list[NeedRow]) -> None:
        cov = needs.coverage(rows)
        box = self.query_one("#needs-coverage", Static)
        if unit is None:
            box.update(Text("Belum ada unit. Tambahkan unit di tahap Persiapan."))
        elif not rows:
            box.update(Text("Tabel 6 masih kosong. Isi baris di bawah (Tab pindah kolom, Enter "
                            "menambah) atau tempel banyak baris sekaligus (t)."))
        elif cov.warnings:
            box.update(Text("\n".join(f"⚠ {w}" for w in cov.warnings)))
        else:
            box.update(Text(f"✓ {cov.titled} judul SOP dari {cov.outputs} output; setiap "
                            "output sudah berjudul."))
        for widget in self.query("#needs-entry > *"):
            widget.disabled = unit is None

    # -- the entry row -----------------------------------------------------------------------

    def _entry(self, key: str) -> Input:
        return self.query_one(f"#in-{key}", Input)

    @on(Input.Changed, "#in-output, #in-aspek")
    def _suggest(self) -> None:
        title = self._entry("title")
        if title.value.strip() and title.value != self._suggested:
            return  # the user wrote a title of their own
        suggestion = needs.suggest_title(self._entry("aspek").value, self._entry("output").value)
        self._suggested = suggestion
        if title.value != suggestion:
            title.value = suggestion

    @on(Input.Submitted)
    def _submitted(self, message: Input.Submitted) -> None:
        if (message.input.id or "").startswith("in-"):
            self._add()

    @on(Button.Pressed, "#need-add")
    def _add(self) -> None:
        unit = self._unit
        if unit is None:
            self.app.notify("Tambahkan unit lebih dulu.", severity="warning")
            return
        values = {key: " ".join(self._entry(key).value.split()) for key, _ in ENTRY_FIELDS}
        if not values["output"] and not values["title"]:
            self.app.notify("Isi output (atau judul SOP) lebih dulu.", severity="warning")
            self._entry("output").focus()
            return
        aspek = values["aspek"]
        if aspek.lower() in aspects():
            values["aspek"] = aspek.lower()
        activity = self.query_one("#in-activity", Select).value
        row = needs.with_suggested_title(NeedRow(
            id="", tugas=values["tugas"], fungsi=values["fungsi"],
            uraian_tugas=values["uraian_tugas"], kegiatan=values["kegiatan"],
            output=values["output"], aspek=values["aspek"], title=values["title"],
            activity=activity if isinstance(activity, str) else "rutin"))
        ctx = context_of(self)
        if attempt(self.app, lambda: ctx.store.add_need(unit.slug, row),
                   f"Baris ditambahkan: {row.title or row.output}") is None:
            return
        for key in CLEARED_AFTER_ADD:
            self._entry(key).value = ""
        self._suggested = ""
        self._entry("output").focus()
        self.post_message(NeedsChanged())

    def action_new_row(self) -> None:
        self._entry("tugas").focus()

    # -- the table ---------------------------------------------------------------------------

    def selected(self) -> NeedRow | None:
        key = selected_key(self.query_one("#needs-table", DataTable))
        return next((r for r in self._rows if r.id == key), None)

    @on(Button.Pressed, "#need-paste")
    def action_paste(self) -> None:
        unit = self._unit
        if unit is None:
            self.app.notify("Tambahkan unit lebih dulu.", severity="warning")
            return

        def done(text: str | None) -> None:
            if not text:
                return
            rows = needs.parse_pasted_rows(text, aspects())
            if not rows:
                self.app.notify("Tidak ada baris yang dapat dibaca.", severity="warning")
                return
            ctx = context_of(self)
            if attempt(self.app, lambda: ctx.store.add_needs(unit.slug, rows),
                       f"{len(rows)} baris ditambahkan ke Tabel 6.") is not None:
                self.post_message(NeedsChanged())

        self.app.push_screen(PasteNeedsScreen(unit.name), done)

    @on(DataTable.RowSelected, "#needs-table")
    @on(Button.Pressed, "#need-edit")
    def action_edit(self) -> None:
        unit, row = self._unit, self.selected()
        if unit is None or row is None:
            self.app.notify("Belum ada baris yang dipilih.", severity="warning")
            return

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}
            if not changed:
                return
            ctx = context_of(self)
            if attempt(self.app, lambda: ctx.store.update_need(unit.slug, row.id, **changed),
                       "Baris disimpan.") is not None:
                self.post_message(NeedsChanged())

        self.app.push_screen(NeedForm(row, aspects()), done)

    @on(Button.Pressed, "#need-remove")
    def action_remove(self) -> None:
        unit, row = self._unit, self.selected()
        if unit is None or row is None:
            self.app.notify("Belum ada baris yang dipilih.", severity="warning")
            return
        ctx = context_of(self)
        if try_write(self.app, lambda: ctx.store.remove_need(unit.slug, row.id),
                     "Baris dihapus."):
            self.post_message(NeedsChanged())

    @on(Button.Pressed, "#need-draft")
    def action_draft(self) -> None:
        unit, row = self._unit, self.selected()
        if unit is None or row is None:
            self.app.notify("Belum ada baris yang dipilih.", severity="warning")
            return
        make_draft(self, unit, row)


def make_draft(node: Vertical, unit: Unit, row: NeedRow) -> SopRecord | None:
    """Turn a needs row into a draft SOP of the unit (once) and link the row to it."""
    ctx = context_of(node)
    if row.sop_id:
        node.app.notify(f"“{row.title}” sudah menjadi draf SOP.", severity="warning",
                        markup=False)
        return None
    if not (row.title.strip() or row.output.strip()):
        node.app.notify("Baris ini belum punya judul SOP.", severity="warning")
        return None
    sop = needs.draft_from_need(row, unit)

    def write() -> SopRecord:
        record = ctx.store.add_sop(unit.slug, sop, need=row.id)
        ctx.store.update_need(unit.slug, row.id, sop_id=record.id)
        return record

    record = attempt(node.app, write, f"Draf SOP “{sop.title}” dibuat; lanjutkan di tahap "
                                      "Pengembangan.")
    if record is not None:
        node.post_message(NeedsChanged())
    return record
