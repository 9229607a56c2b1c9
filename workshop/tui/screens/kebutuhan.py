"""Penilaian Kebutuhan: Tabel 6 per unit, existing SOPs, overlaps between units, general SOPs
and their adoption, dot-voting and the ranked inventory (Daftar Kebutuhan SOP).

The logic lives in ``workshop.needs`` (pure); this module reads the store, shows, and writes
through ``attempt`` so a store error becomes an Indonesian toast. User text is always data
(``rich.text.Text``), never markup.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from workshop import needs
from workshop.export import markdown as md_export
from workshop.model import ACTIVITIES, ExistingSop, NeedRow, Sop, SopRecord, Unit
from workshop.pedoman import PedomanError, load_pedoman
from workshop.resources import sop_templates_dir
from workshop.sopfile import SopFileError, load_sop
from workshop.store import StoreError
from workshop.tui.context import Context, attempt, context_of, try_write
from workshop.tui.guide import StageInfo
from workshop.tui.progress import StageProgress
from workshop.tui.screens.needs_modals import (
    ACTIVITY_LABELS,
    DECISION_LABELS,
    Adoption,
    AdoptScreen,
    ExistingForm,
    NeedForm,
    PasteNeedsScreen,
)
from workshop.tui.screens.stage_info import StagePane


@functools.cache
def aspects() -> tuple[str, ...]:
    """The aspek vocabulary of pedoman.yaml (the built-in six when it cannot be read)."""
    try:
        return load_pedoman().aspek or needs.DEFAULT_ASPECTS
    except (PedomanError, OSError):
        return needs.DEFAULT_ASPECTS


@functools.cache
def templates() -> tuple[dict[str, Sop], tuple[str, ...]]:
    """The template library (id = file stem -> SOP) and the files that could not be read."""
    found: dict[str, Sop] = {}
    problems: list[str] = []
    try:
        paths = sorted(sop_templates_dir().glob("*.yaml"))
    except OSError:
        paths = []
    for path in paths:
        try:
            found[path.stem] = load_sop(path)
        except SopFileError as exc:
            problems.append(str(exc))
    return found, tuple(problems)


def _unit_options(units: Sequence[Unit]) -> list[tuple[Text, str]]:
    return [(Text(u.name), u.slug) for u in units]


def _selected_key(table: DataTable[Text]) -> str | None:
    if table.row_count == 0:
        return None
    with contextlib.suppress(Exception):
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return None


def _keep_cursor(table: DataTable[Text], key: str | None, row: int) -> None:
    if table.row_count == 0:
        return
    if key is not None:
        with contextlib.suppress(Exception):
            table.move_cursor(row=table.get_row_index(key))
            return
    table.move_cursor(row=min(row, table.row_count - 1))


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
    Tabel6Panel #needs-entry { grid-size: 4; grid-rows: 1; grid-gutter: 0 1; height: 2; }
    Tabel6Panel #needs-coverage { height: auto; max-height: 5; color: $warning; }
    Tabel6Panel .buttons { height: 1; }
    Tabel6Panel .buttons Button { margin-right: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._suggested = ""  # the title last suggested into the entry row
        self._rows: list[NeedRow] = []
        self._unit: Unit | None = None

    def compose(self) -> ComposeResult:
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
            yield Button("Tempel baris", id="need-paste", compact=True)
            yield Button("Ubah", id="need-edit", compact=True)
            yield Button("Hapus", id="need-remove", compact=True, variant="error")
            yield Button("Jadikan draf SOP", id="need-draft", compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#needs-table", DataTable)
        for key, label in (("no", "No"), ("tugas", "Tugas"), ("fungsi", "Fungsi"),
                           ("uraian", "Uraian Tugas"), ("kegiatan", "Kegiatan"),
                           ("output", "Output"), ("aspek", "Aspek Kegiatan"),
                           ("title", "Judul SOP"), ("activity", "Jenis"), ("draft", "Draf")):
            table.add_column(label, key=key)

    def show(self, unit: Unit | None, rows: list[NeedRow]) -> None:
        self._unit = unit
        self._rows = rows
        table: DataTable[Text] = self.query_one("#needs-table", DataTable)
        key, row = _selected_key(table), table.cursor_row
        table.clear()
        for i, r in enumerate(rows, start=1):
            table.add_row(
                Text(str(i)), Text(r.tugas), Text(r.fungsi), Text(r.uraian_tugas),
                Text(r.kegiatan), Text(r.output), Text(r.aspek), Text(r.title),
                Text(ACTIVITY_LABELS.get(r.activity, r.activity)),
                Text("ada" if r.sop_id else ""),
                key=r.id,
            )
        _keep_cursor(table, key, row)
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
        _pane(self).refresh_data()

    def action_new_row(self) -> None:
        self._entry("tugas").focus()

    # -- the table ---------------------------------------------------------------------------

    def selected(self) -> NeedRow | None:
        key = _selected_key(self.query_one("#needs-table", DataTable))
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
                _pane(self).refresh_data()

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
                _pane(self).refresh_data()

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
            _pane(self).refresh_data()

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
        _pane(node).refresh_data()
    return record


# ---------------------------------------------------------------------------------------------
# Existing SOPs
# ---------------------------------------------------------------------------------------------


class ExistingPanel(Vertical):
    """The unit's existing SOPs and the decision on each: tetap / revisi / ganti / cabut."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Tambah"),
        Binding("e", "edit", "Putuskan"),
        Binding("delete", "remove", "Hapus"),
    ]

    DEFAULT_CSS = """
    ExistingPanel #existing-table { height: 1fr; }
    ExistingPanel .buttons { height: 1; }
    ExistingPanel .buttons Button { margin-right: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._unit: Unit | None = None
        self._rows: list[ExistingSop] = []

    def compose(self) -> ComposeResult:
        yield Static("SOP yang sudah dimiliki unit ditinjau: dipertahankan, direvisi, diganti, "
                     "atau dicabut. Revisi dan ganti menjadi baris Tabel 6.", classes="hint")
        yield DataTable[Text](id="existing-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="buttons"):
            yield Button("Tambah", id="ex-add", compact=True, variant="primary")
            yield Button("Putuskan", id="ex-edit", compact=True)
            yield Button("Hapus", id="ex-remove", compact=True, variant="error")

    def on_mount(self) -> None:
        table = self.query_one("#existing-table", DataTable)
        for key, label in (("no", "No"), ("title", "SOP yang ada"), ("decision", "Keputusan"),
                           ("reason", "Alasan"), ("need", "Tabel 6")):
            table.add_column(label, key=key)

    def show(self, unit: Unit | None, rows: list[ExistingSop], need_rows: list[NeedRow]) -> None:
        self._unit = unit
        self._rows = rows
        sources = {r.source for r in need_rows}
        table: DataTable[Text] = self.query_one("#existing-table", DataTable)
        key, row = _selected_key(table), table.cursor_row
        table.clear()
        for i, ex in enumerate(rows, start=1):
            in_needs = needs.EXISTING_SOURCE + ex.id in sources
            table.add_row(Text(str(i)), Text(ex.title),
                          Text(DECISION_LABELS.get(ex.decision, ex.decision or "(belum)")),
                          Text(ex.reason), Text("ada" if in_needs else ""), key=ex.id)
        _keep_cursor(table, key, row)

    def selected(self) -> ExistingSop | None:
        key = _selected_key(self.query_one("#existing-table", DataTable))
        return next((r for r in self._rows if r.id == key), None)

    def _after_decision(self, unit: Unit, ex: ExistingSop) -> None:
        ctx = context_of(self)
        new = needs.need_from_existing(ex, ctx.store.needs(unit.slug))
        if new is not None and attempt(self.app, lambda: ctx.store.add_need(unit.slug, new),
                                       f"“{ex.title}” ditambahkan ke Tabel 6.") is None:
            return
        _pane(self).refresh_data()

    @on(Button.Pressed, "#ex-add")
    def action_add(self) -> None:
        unit = self._unit
        if unit is None:
            self.app.notify("Tambahkan unit lebih dulu.", severity="warning")
            return

        def done(ex: ExistingSop | None) -> None:
            if ex is None:
                return
            ctx = context_of(self)
            added = attempt(self.app, lambda: ctx.store.add_existing_sop(unit.slug, ex),
                            "SOP yang ada dicatat.")
            if added is not None:
                self._after_decision(unit, added)

        self.app.push_screen(ExistingForm(), done)

    @on(DataTable.RowSelected, "#existing-table")
    @on(Button.Pressed, "#ex-edit")
    def action_edit(self) -> None:
        unit, current = self._unit, self.selected()
        if unit is None or current is None:
            self.app.notify("Belum ada SOP yang dipilih.", severity="warning")
            return

        def done(ex: ExistingSop | None) -> None:
            if ex is None:
                return
            ctx = context_of(self)
            saved = attempt(self.app, lambda: ctx.store.update_existing_sop(
                unit.slug, current.id, title=ex.title, decision=ex.decision, reason=ex.reason),
                "Keputusan disimpan.")
            if saved is not None:
                self._after_decision(unit, saved)

        self.app.push_screen(ExistingForm(current), done)

    @on(Button.Pressed, "#ex-remove")
    def action_remove(self) -> None:
        unit, current = self._unit, self.selected()
        if unit is None or current is None:
            self.app.notify("Belum ada SOP yang dipilih.", severity="warning")
            return
        ctx = context_of(self)
        if try_write(self.app, lambda: ctx.store.remove_existing_sop(unit.slug, current.id),
                     "Dihapus."):
            _pane(self).refresh_data()


# ---------------------------------------------------------------------------------------------
# Overlaps between units
# ---------------------------------------------------------------------------------------------


class OverlapPanel(Vertical):
    """Titles and outputs that are (nearly) the same across units, grouped, with their score."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("g", "general", "Jadikan SOP umum")]

    DEFAULT_CSS = """
    OverlapPanel #overlap-table { height: 1fr; }
    OverlapPanel .unit-bar { height: 1; }
    OverlapPanel #overlap-threshold { width: 8; }
    OverlapPanel .buttons { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._groups: list[needs.OverlapGroup] = []
        self.threshold = needs.DEFAULT_OVERLAP_THRESHOLD

    def compose(self) -> ComposeResult:
        with Horizontal(classes="unit-bar"):
            yield Label("Ambang kemiripan (%)", classes="needs-label")
            yield Input(str(round(self.threshold * 100)), id="overlap-threshold",
                        compact=True, type="integer")
            yield Static("", id="overlap-summary")
        yield DataTable[Text](id="overlap-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="buttons"):
            yield Button("Jadikan SOP umum (g)", id="overlap-general", compact=True,
                         variant="primary")

    def on_mount(self) -> None:
        table = self.query_one("#overlap-table", DataTable)
        for key, label in (("group", "Kelompok"), ("score", "Kemiripan"), ("unit", "Unit"),
                           ("title", "Judul SOP"), ("output", "Output")):
            table.add_column(label, key=key)

    def show(self, units: list[Unit], units_rows: dict[str, list[NeedRow]]) -> None:
        names = {u.slug: u.name for u in units}
        self._groups = needs.find_overlaps(units_rows, self.threshold)
        table: DataTable[Text] = self.query_one("#overlap-table", DataTable)
        key, row = _selected_key(table), table.cursor_row
        table.clear()
        for number, group in enumerate(self._groups, start=1):
            for i, item in enumerate(group.items):
                table.add_row(
                    Text(str(number) if i == 0 else ""),
                    Text(needs.percent(item.score)),
                    Text(names.get(item.unit, item.unit)),
                    Text(item.title),
                    Text(item.output),
                    key=f"{number}:{item.unit}:{item.need}",
                )
        _keep_cursor(table, key, row)
        summary = (f"{len(self._groups)} kelompok tumpang tindih" if self._groups
                   else "Tidak ada judul atau output yang mirip antarunit.")
        self.query_one("#overlap-summary", Static).update(Text(" " + summary))

    @on(Input.Submitted, "#overlap-threshold")
    def _threshold(self, message: Input.Submitted) -> None:
        try:
            value = int(message.value)
        except ValueError:
            value = -1
        if not 1 <= value <= 100:
            self.app.notify("Ambang diisi 1 sampai 100.", severity="error")
            return
        self.threshold = value / 100
        _pane(self).refresh_data()

    def selected_group(self) -> needs.OverlapGroup | None:
        key = _selected_key(self.query_one("#overlap-table", DataTable))
        if key is None:
            return None
        number = int(key.split(":", 1)[0])
        return self._groups[number - 1] if 0 < number <= len(self._groups) else None

    @on(Button.Pressed, "#overlap-general")
    def action_general(self) -> None:
        group = self.selected_group()
        if group is None:
            self.app.notify("Belum ada kelompok yang dipilih.", severity="warning")
            return
        ctx = context_of(self)
        units = [u for u in ctx.store.units() if u.slug in group.units]
        library, _ = templates()
        found = needs.best_template(group.title, library)
        base = library[found[0]] if found else None
        note = (f"Berdasarkan templat “{base.title}” (kemiripan "
                f"{needs.percent(found[1])})." if base is not None and found else
                "Belum ada templat yang mirip: SOP umum dibuat sebagai draf kosong untuk "
                "disusun bersama.")
        proposed = base.title if base is not None else group.title
        sop = needs.general_sop(proposed, base)

        def done(choice: Adoption | None) -> None:
            if choice is None:
                return
            general = needs.general_sop(choice.title, base)
            # Kept the template's title: it is that template; a new title: a general SOP of
            # this workshop (adoptable later from the SOP umum tab).
            template_id = (found[0] if found and choice.title == proposed
                           else needs.general_id(choice.title))
            links = {item.unit: item.need for item in group.items}
            adopt_into_units(self, general, template_id, units, choice, links)

        self.app.push_screen(AdoptScreen(sop, units, chosen=group.units, editable_title=True,
                                         note=note), done)


def adopt_into_units(node: Vertical, sop: Sop, template_id: str, units: Sequence[Unit],
                     choice: Adoption, links: dict[str, str] | None = None) -> int:
    """Create one draft per chosen unit (positions mapped); link the overlapping needs rows.

    Returns the number of drafts made. Units that already hold this general SOP are skipped.
    """
    ctx = context_of(node)
    links = links or {}
    by_slug = {u.slug: u for u in units}
    made: list[str] = []
    skipped: list[str] = []
    for slug in choice.units:
        unit = by_slug.get(slug)
        if unit is None:
            continue
        try:
            if any(r.template == template_id and r.status != "dicabut"
                   for r in ctx.store.sops(slug)):
                skipped.append(unit.name)
                continue
        except StoreError as exc:
            node.app.notify(str(exc), severity="error", markup=False)
            continue
        mapping = needs.position_map(sop, unit, choice.overrides)
        draft = needs.adopt(sop, unit, mapping)
        need_id = links.get(slug, "")

        def write(unit: Unit = unit, draft: Sop = draft, need_id: str = need_id) -> SopRecord:
            record = ctx.store.add_sop(unit.slug, draft, template=template_id, need=need_id)
            if need_id:
                ctx.store.update_need(unit.slug, need_id, sop_id=record.id)
            return record

        if attempt(node.app, write) is None:
            break
        made.append(unit.name)
    message = f"{len(made)} draf SOP “{sop.title}” dibuat"
    message += f" ({', '.join(made)})." if made else "."
    if skipped:
        message += f" Sudah diadopsi sebelumnya: {', '.join(skipped)}."
    node.app.notify(message, markup=False, timeout=6)
    _pane(node).refresh_data()
    return len(made)


# ---------------------------------------------------------------------------------------------
# General SOPs (templates and general SOPs made here) and their adoption
# ---------------------------------------------------------------------------------------------


class GeneralPanel(Vertical):
    """The template library and the workshop's general SOPs, with how many units adopted each."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "adopt", "Adopsi ke unit")]

    DEFAULT_CSS = """
    GeneralPanel #general-table { height: 1fr; }
    GeneralPanel .buttons { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._sops: dict[str, Sop] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="general-summary")
        yield DataTable[Text](id="general-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="buttons"):
            yield Button("Adopsi ke unit (a)", id="general-adopt", compact=True,
                         variant="primary")

    def on_mount(self) -> None:
        table = self.query_one("#general-table", DataTable)
        for key, label in (("title", "SOP umum"), ("category", "Kategori"),
                           ("source", "Sumber"), ("count", "Diadopsi")):
            table.add_column(label, key=key)

    def show(self, units: list[Unit], records: dict[str, list[SopRecord]]) -> None:
        library, problems = templates()
        made = needs.general_sops_in_use(records)
        self._sops = {**library, **made}
        counts = needs.adoption_counts(records)
        table: DataTable[Text] = self.query_one("#general-table", DataTable)
        key, row = _selected_key(table), table.cursor_row
        table.clear()
        for tid, sop in self._sops.items():
            source = "templat" if tid in library else "dibuat di workshop"
            table.add_row(Text(sop.title), Text(sop.category), Text(source),
                          Text(f"{counts.get(tid, 0)} dari {len(units)} unit"), key=tid)
        _keep_cursor(table, key, row)
        summary = (f"{len(library)} templat, {len(made)} SOP umum buatan workshop. Pilih lalu "
                   "tekan a untuk mengadopsi ke banyak unit sekaligus.")
        if problems:
            summary += " Templat yang tidak terbaca: " + "; ".join(problems)
        self.query_one("#general-summary", Static).update(Text(summary))

    @on(DataTable.RowSelected, "#general-table")
    @on(Button.Pressed, "#general-adopt")
    def action_adopt(self) -> None:
        tid = _selected_key(self.query_one("#general-table", DataTable))
        sop = self._sops.get(tid or "")
        if tid is None or sop is None:
            self.app.notify("Belum ada SOP umum yang dipilih.", severity="warning")
            return
        ctx = context_of(self)
        units = ctx.store.units()
        if not units:
            self.app.notify("Tambahkan unit lebih dulu.", severity="warning")
            return

        def done(choice: Adoption | None) -> None:
            if choice is not None:
                adopt_into_units(self, sop, tid, units, choice)

        self.app.push_screen(AdoptScreen(sop, units), done)


# ---------------------------------------------------------------------------------------------
# Priority: dot-voting and the facilitator's scores
# ---------------------------------------------------------------------------------------------

SCORE_FIELDS = {"u": ("urgency", "Urgensi"), "f": ("frequency", "Frekuensi"),
                "r": ("risk", "Risiko")}


class VotePanel(Vertical):
    """Each team member spends a budget of votes over the unit's candidate titles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign,space", "vote(1)", "+1 suara"),
        Binding("minus", "vote(-1)", "-1 suara"),
        Binding("u", "score('u')", "Urgensi"),
        Binding("f", "score('f')", "Frekuensi"),
        Binding("r", "score('r')", "Risiko"),
    ]

    DEFAULT_CSS = """
    VotePanel #vote-table { height: 1fr; }
    VotePanel .unit-bar { height: 1; }
    VotePanel #vote-member { width: 1fr; max-width: 36; }
    VotePanel #vote-left { height: 1; text-style: bold; }
    VotePanel #vote-budget { width: 6; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._unit: Unit | None = None
        self._rows: list[NeedRow] = []
        self.budget = needs.DEFAULT_VOTE_BUDGET
        self._member_signature: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        with Horizontal(classes="unit-bar"):
            yield Label("Anggota", classes="needs-label")
            yield Select[str]([], prompt="Pilih anggota tim", id="vote-member", compact=True)
            yield Label(" Jatah suara", classes="needs-label")
            yield Input(str(self.budget), id="vote-budget", compact=True, type="integer")
        yield Static("", id="vote-left")
        yield Static("+ atau spasi: beri suara; -: tarik suara. Skor fasilitator 0-5: "
                     "u urgensi, f frekuensi, r risiko.", classes="hint")
        yield DataTable[Text](id="vote-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#vote-table", DataTable)
        for key, label in (("rank", "Peringkat"), ("title", "Judul SOP"), ("votes", "Suara"),
                           ("mine", "Suara anggota"), ("urgency", "Urgensi"),
                           ("frequency", "Frekuensi"), ("risk", "Risiko"), ("score", "Skor")):
            table.add_column(label, key=key)

    def member(self) -> str | None:
        value = self.query_one("#vote-member", Select).value
        return value if isinstance(value, str) else None

    def show(self, ctx: Context, unit: Unit | None, rows: list[NeedRow]) -> None:
        self._unit = unit
        self._rows = rows
        members = ctx.store.members(unit.slug) if unit else []
        picker: Select[str] = self.query_one("#vote-member", Select)
        signature = [(m.id, m.name) for m in members]
        if signature != self._member_signature:
            self._member_signature = signature
            picker.set_options([(Text(m.name), m.id) for m in members])
        member = self.member()
        votes = ctx.store.votes(unit.slug) if unit else []
        ranked = needs.rank_needs(rows, votes, unit.slug) if unit else []
        table: DataTable[Text] = self.query_one("#vote-table", DataTable)
        key, row = _selected_key(table), table.cursor_row
        table.clear()
        for r in ranked:
            mine = needs.member_vote(votes, unit.slug, member, r.row.id) if unit and member else 0
            table.add_row(Text(str(r.rank)), Text(r.row.title), Text(str(r.votes)),
                          Text("●" * mine), Text(str(r.row.urgency)),
                          Text(str(r.row.frequency)), Text(str(r.row.risk)), Text(str(r.score)),
                          key=r.row.id)
        _keep_cursor(table, key, row)
        left = self.query_one("#vote-left", Static)
        if unit is None:
            left.update("")
        elif not members:
            left.update(Text("Belum ada anggota tim: tambahkan di tahap Persiapan."))
        elif member is None:
            left.update(Text("Pilih anggota untuk memberi suara."))
        else:
            used = needs.votes_used(votes, unit.slug, member)
            left.update(Text(f"Sisa suara: {max(self.budget - used, 0)} dari {self.budget}"))

    @on(Select.Changed, "#vote-member")
    def _member_changed(self) -> None:
        _pane(self).refresh_data()

    @on(Input.Submitted, "#vote-budget")
    def _budget(self, message: Input.Submitted) -> None:
        try:
            value = int(message.value)
        except ValueError:
            value = 0
        if not 1 <= value <= 20:
            self.app.notify("Jatah suara diisi 1 sampai 20.", severity="error")
            return
        self.budget = value
        self.query_one("#vote-table", DataTable).focus()
        _pane(self).refresh_data()

    def _selected(self) -> NeedRow | None:
        key = _selected_key(self.query_one("#vote-table", DataTable))
        return next((r for r in self._rows if r.id == key), None)

    def action_vote(self, delta: int) -> None:
        unit, row, member = self._unit, self._selected(), self.member()
        if unit is None or row is None:
            self.app.notify("Belum ada judul yang dipilih.", severity="warning")
            return
        if member is None:
            self.app.notify("Pilih anggota tim yang memberi suara.", severity="warning")
            self.query_one("#vote-member", Select).focus()
            return
        ctx = context_of(self)
        try:
            vote = needs.next_vote(ctx.store.votes(unit.slug), unit.slug, member, row.id, delta,
                                   self.budget)
        except needs.VoteRefused as exc:
            self.app.notify(str(exc), severity="warning", markup=False)
            return
        if try_write(self.app, lambda: ctx.store.set_vote(vote)):
            _pane(self).refresh_data()

    def action_score(self, which: str) -> None:
        unit, row = self._unit, self._selected()
        if unit is None or row is None:
            self.app.notify("Belum ada judul yang dipilih.", severity="warning")
            return
        field, _ = SCORE_FIELDS[which]
        value = (int(getattr(row, field)) + 1) % (needs.SCORE_MAX + 1)
        ctx = context_of(self)
        if attempt(self.app, lambda: ctx.store.update_need(unit.slug, row.id,
                                                           **{field: value})) is not None:
            _pane(self).refresh_data()


# ---------------------------------------------------------------------------------------------
# The inventory (Daftar Kebutuhan SOP) and the Markdown exports
# ---------------------------------------------------------------------------------------------


class InventoryPanel(Vertical):
    """The ranked inventory of the chosen unit or of all units; Markdown files to exports/."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("m", "export", "Ekspor Markdown")]

    DEFAULT_CSS = """
    InventoryPanel #inventory-table { height: 1fr; }
    InventoryPanel .unit-bar { height: 1; }
    InventoryPanel .buttons { height: 1; }
    InventoryPanel .buttons Button { margin-right: 1; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(classes="unit-bar"):
            yield Checkbox("Semua unit", id="inventory-all", compact=True)
            yield Static("", id="inventory-summary")
        yield DataTable[Text](id="inventory-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="buttons"):
            yield Button("Ekspor Markdown (m)", id="inventory-export", compact=True,
                         variant="primary")

    def on_mount(self) -> None:
        table = self.query_one("#inventory-table", DataTable)
        for key, label in (("rank", "Peringkat"), ("unit", "Unit"), ("title", "Judul SOP"),
                           ("votes", "Suara"), ("score", "Skor"), ("activity", "Jenis"),
                           ("draft", "Draf")):
            table.add_column(label, key=key)

    @property
    def all_units(self) -> bool:
        return self.query_one("#inventory-all", Checkbox).value

    def show(self, unit: Unit | None, inv: needs.Inventory) -> None:
        table: DataTable[Text] = self.query_one("#inventory-table", DataTable)
        key, row = _selected_key(table), table.cursor_row
        table.clear()
        items = [i for i in inv.items if self.all_units or (unit and i.unit.slug == unit.slug)]
        for item in items:
            r = item.ranked
            table.add_row(Text(str(r.rank)), Text(item.unit.name), Text(r.row.title),
                          Text(str(r.votes)), Text(str(r.score)),
                          Text(ACTIVITY_LABELS.get(r.row.activity, r.row.activity)),
                          Text("ada" if r.row.sop_id else ""),
                          key=f"{item.unit.slug}/{r.row.id}")
        _keep_cursor(table, key, row)
        scope = "semua unit" if self.all_units else (unit.name if unit else "-")
        self.query_one("#inventory-summary", Static).update(
            Text(f"  Daftar Kebutuhan SOP — {scope}: {len(items)} judul"))

    @on(Checkbox.Changed, "#inventory-all")
    def _scope(self) -> None:
        _pane(self).refresh_data()

    @on(Button.Pressed, "#inventory-export")
    def action_export(self) -> None:
        ctx = context_of(self)
        unit = _pane(self).unit()
        try:
            written = export_needs(ctx, None if self.all_units else unit)
        except (StoreError, OSError) as exc:
            self.app.notify(f"Ekspor gagal: {exc}", severity="error", markup=False)
            return
        self.app.notify("Ditulis: " + ", ".join(str(p) for p in written), title="Ekspor selesai",
                        markup=False, timeout=8)


def export_needs(ctx: Context, unit: Unit | None) -> list[Path]:
    """Write Tabel 6 (one unit) or the inventory of all units as Markdown into exports/."""
    store = ctx.store
    out = store.path / "exports"
    out.mkdir(parents=True, exist_ok=True)
    if unit is not None:
        path = out / f"kebutuhan-{unit.slug}.md"
        text = md_export.inventory_markdown([(unit, store.needs(unit.slug))],
                                            store.votes(unit.slug))
        path.write_text(text, encoding="utf-8")
        return [path]
    units = store.units()
    units_rows, votes = needs.votes_for_export([(u, store.needs(u.slug)) for u in units],
                                               store.votes())
    path = out / "inventaris-kebutuhan.md"
    path.write_text(md_export.inventory_markdown(units_rows, votes), encoding="utf-8")
    return [path]


# ---------------------------------------------------------------------------------------------
# The stage pane
# ---------------------------------------------------------------------------------------------

TABS: tuple[tuple[str, str], ...] = (
    ("tab-tabel6", "Tabel 6"),
    ("tab-lama", "SOP lama"),
    ("tab-overlap", "Tumpang tindih"),
    ("tab-umum", "SOP umum"),
    ("tab-prioritas", "Prioritas"),
    ("tab-inventaris", "Daftar kebutuhan"),
)


def _pane(node: Vertical) -> KebutuhanPane:
    for ancestor in node.ancestors:
        if isinstance(ancestor, KebutuhanPane):
            return ancestor
    raise RuntimeError("not inside the Kebutuhan pane")


class KebutuhanPane(StagePane):
    """The Penilaian Kebutuhan stage's screen (replaces the placeholder of ``StagePane``)."""

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

    def __init__(self, stage: StageInfo, *, id: str | None = None) -> None:
        super().__init__(stage, id=id)
        self._unit_signature: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="needs-bar"):
            yield Static(Text(self.stage.name, style="bold"), id="needs-title")
            yield Select[str]([], prompt="Pilih unit", id="needs-unit", compact=True)
        with TabbedContent(id="needs-tabs", initial="tab-tabel6"):
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

    def show(self, progress: StageProgress) -> None:
        """Called by the main screen whenever the workshop changed: re-read and redraw."""
        self.refresh_data()

    def unit(self) -> Unit | None:
        value = self.query_one("#needs-unit", Select).value
        if not isinstance(value, str):
            return None
        try:
            return context_of(self).store.unit(value)
        except StoreError:
            return None

    def show_tab(self, tab_id: str) -> None:
        self.query_one("#needs-tabs", TabbedContent).active = tab_id

    @on(Select.Changed, "#needs-unit")
    def _unit_changed(self, message: Select.Changed) -> None:
        ctx = context_of(self)
        if isinstance(message.value, str) and message.value != ctx.current_unit:
            ctx.current_unit = message.value
        self.refresh_data()

    @on(TabbedContent.TabActivated, "#needs-tabs")
    def _tab_changed(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Re-read what the visible tab shows (overlaps and adoption counts read all units, so
        only when their tab is open)."""
        if not self.is_mounted:
            return
        ctx = context_of(self)
        store = ctx.store
        try:
            units = store.units()
            picker: Select[str] = self.query_one("#needs-unit", Select)
            signature = [(u.slug, u.name) for u in units]
            if signature != self._unit_signature:
                self._unit_signature = signature
                picker.set_options(_unit_options(units))
            slugs = [u.slug for u in units]
            wanted = ctx.current_unit if ctx.current_unit in slugs else (
                slugs[0] if slugs else None)
            if wanted is not None and picker.value != wanted:
                picker.value = wanted
            unit = next((u for u in units if u.slug == wanted), None)
            tab = self.query_one("#needs-tabs", TabbedContent).active
            rows = store.needs(unit.slug) if unit else []
            if tab == "tab-tabel6":
                self.query_one(Tabel6Panel).show(unit, rows)
            elif tab == "tab-lama":
                existing = store.existing_sops(unit.slug) if unit else []
                self.query_one(ExistingPanel).show(unit, existing, rows)
            elif tab == "tab-overlap":
                self.query_one(OverlapPanel).show(units, {u.slug: store.needs(u.slug)
                                                          for u in units})
            elif tab == "tab-umum":
                self.query_one(GeneralPanel).show(units, {u.slug: store.sops(u.slug)
                                                          for u in units})
            elif tab == "tab-prioritas":
                self.query_one(VotePanel).show(ctx, unit, rows)
            elif tab == "tab-inventaris":
                panel = self.query_one(InventoryPanel)
                chosen = units if panel.all_units else [u for u in units if u is unit]
                votes = store.votes()
                inv = needs.inventory([(u, store.needs(u.slug)) for u in chosen], votes)
                panel.show(unit, inv)
        except StoreError as exc:
            self.app.notify(str(exc), title="Data tidak dapat dibaca", severity="error",
                            markup=False)
