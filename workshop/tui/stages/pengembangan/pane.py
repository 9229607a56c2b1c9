"""Pengembangan: a unit's SOPs with status, findings and total time; new SOPs (blank, from a
needs row, from a template with its positions mapped, imported from a ``sop-ap/1`` file); the
editor opens on Enter."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from workshop.duration import format_duration
from workshop.flow import total_times
from workshop.model import (
    Approval,
    Classification,
    Dates,
    Sop,
    SopRecord,
    Unit,
)
from workshop.resources import sop_templates_dir
from workshop.rules import ERROR, check_sop
from workshop.sopfile import SopFileError, load_sop
from workshop.stages.pengembangan.editing import EditError, map_actors
from workshop.store import StoreError
from workshop.tui.context import attempt, context_of
from workshop.tui.dialogs import ConfirmScreen, TextPrompt
from workshop.tui.guide import StageInfo
from workshop.tui.stages.base import StagePane, unit_records
from workshop.tui.stages.pengembangan.editor import (
    MANUAL_STATUSES,
    STATUS_LABELS,
    change_status,
)
from workshop.tui.stages.pengembangan.sop_dialogs import ActorMapDialog, ChoiceDialog
from workshop.tui.widgets.fit_table import Column, FitTable

# The name first: at 80 columns the findings and the total time share what is left.
SOP_COLUMNS = (Column("no", "No"), Column("title", "Nama SOP", 4), Column("status", "Status"),
               Column("version", "Versi"), Column("found", "Temuan", 1),
               Column("total", "Total waktu", 1, short="Waktu"))


def sop_summary(sop: Sop) -> tuple[int, int, str]:
    """(errors, warnings, total time text) of an SOP for the list."""
    findings = check_sop(sop)
    errors = sum(1 for f in findings if f.severity == ERROR)
    times = total_times(sop)
    minutes = times.yes_path if times.yes_path is not None else times.longest
    return errors, len(findings) - errors, format_duration(minutes) if minutes is not None else "-"


def fresh_copy(sop: Sop, unit: Unit) -> Sop:
    """A template or imported SOP made the unit's own draft: no number, dates or signer."""
    sop.unit = unit.name
    sop.number = ""
    sop.dates = Dates()
    sop.approval.name = ""
    sop.approval.nip = ""
    if unit.head_position and not sop.approval.position:
        sop.approval.position = unit.head_position
    sop.category = ""
    return sop


class PengembanganPane(StagePane, Vertical):
    """The SOP list of the chosen unit."""

    UNIT_PICKER = "dev-unit"
    FOCUS = "#sop-list"  # so n/t/k/i work at once
    PROBLEM = "#sop-empty"

    DEFAULT_CSS = """
    PengembanganPane #sop-list { height: 1fr; margin: 0 1; }
    PengembanganPane #sop-empty { margin: 0 1; height: auto; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_blank", "SOP baru"),
        Binding("t", "new_template", "Dari templat"),
        Binding("k", "new_need", "Dari kebutuhan"),
        Binding("i", "import_file", "Impor"),
        Binding("s", "set_status", "Status"),
        Binding("delete", "remove", "Hapus", show=False),
    ]

    def __init__(self, stage: StageInfo | None = None, *, id: str | None = None) -> None:
        super().__init__(stage, id=id)
        self._cache: dict[str, tuple[Sop, tuple[int, int, str]]] = {}
        self._records: list[SopRecord] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Pengembangan SOP", style="bold"), classes="pane-head pane-title")
        yield from self.compose_unit_bar()
        yield Static("Enter: buka · n: baru · t: dari templat · k: dari kebutuhan · "
                     "i: impor berkas · s: status", classes="hint")
        yield FitTable(SOP_COLUMNS, id="sop-list")
        yield Static("", id="sop-empty", markup=False)

    # -- data ---------------------------------------------------------------------------------

    def _summary(self, record: SopRecord) -> tuple[int, int, str]:
        hit = self._cache.get(record.id)
        if hit is not None and hit[0] == record.sop:
            return hit[1]
        summary = sop_summary(record.sop)
        self._cache[record.id] = (record.sop, summary)
        return summary

    def show_unit(self) -> None:
        table = self.query_one("#sop-list", FitTable)
        empty = self.query_one("#sop-empty", Static)
        records = unit_records(self, table, empty)
        if records is None:
            if self.unit_slug is None:
                self._records = []
            return
        row = table.cursor_row
        self._records = records
        rows: list[tuple[str, tuple[str | Text, ...]]] = []
        for number, record in enumerate(records, start=1):
            errors, warnings, total = self._summary(record)
            found = Text(f"{errors} kesalahan", style="bold red" if errors else "green")
            found.append(f", {warnings} peringatan")
            rows.append((record.id, (str(number), record.sop.title or "(tanpa nama)",
                                     STATUS_LABELS.get(record.status, record.status),
                                     str(record.version), found, total)))
        table.fill(rows)
        if records:
            table.move_cursor(row=min(max(row, 0), len(records) - 1), animate=False)
        empty.update("" if records else
                     "Belum ada SOP. Tekan n untuk SOP baru, t untuk memakai templat.")

    def _chosen(self) -> SopRecord | None:
        table = self.query_one("#sop-list", DataTable)
        if not self._records or not 0 <= table.cursor_row < len(self._records):
            return None
        return self._records[table.cursor_row]

    # -- opening and creating -----------------------------------------------------------------

    @on(DataTable.RowSelected, "#sop-list")
    def _open(self) -> None:
        record = self._chosen()
        if record is not None and self.unit_slug is not None:
            self.open_editor(record.id)

    def open_editor(self, sop_id: str) -> None:
        # The live editor asks which value stays when someone else saved the same field.
        from workshop.tui.stages.pengembangan.live_editor import LiveEditorScreen

        unit = self.unit_slug
        if unit is not None:
            self.app.push_screen(LiveEditorScreen(unit, sop_id))

    def _need_unit(self) -> Unit | None:
        unit = self.unit_slug
        if unit is None:
            self.notify("Pilih unit dulu (atau tambahkan di tahap Persiapan).",
                        severity="warning")
            return None
        try:
            return context_of(self).store.unit(unit)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None

    def _create(self, sop: Sop, *, template: str = "", need: str = "") -> SopRecord | None:
        unit = self._need_unit()
        if unit is None:
            return None
        store = context_of(self).store
        record = attempt(self.app, lambda: store.add_sop(unit.slug, sop, template=template,
                                                         need=need))
        if record is not None:
            self.show_unit()
            self.open_editor(record.id)
        return record

    def action_new_blank(self) -> None:
        unit = self._need_unit()
        if unit is None:
            return

        def done(title: str | None) -> None:
            if title:
                self._create(Sop(title=title, unit=unit.name,
                                 approval=_signer(unit)))

        self.app.push_screen(TextPrompt("SOP baru", "Nama SOP", placeholder="mis. Penyusunan "
                                        "Renstra", ok_label="Buat"), done)

    def action_new_need(self) -> None:
        unit = self._need_unit()
        if unit is None:
            return
        store = context_of(self).store
        rows = attempt(self.app, lambda: store.needs(unit.slug)) or []
        free = [r for r in rows if not r.sop_id and r.title.strip()]
        if not free:
            self.notify("Tidak ada baris kebutuhan (Tabel 6) yang berjudul dan belum punya "
                        "SOP.", severity="warning")
            return

        def done(need_id: str | None) -> None:
            row = next((r for r in free if r.id == need_id), None)
            if row is None:
                return
            sop = Sop(title=row.title, unit=unit.name, approval=_signer(unit),
                      classification=Classification(activity=row.activity or None))
            record = self._create(sop, need=row.id)
            if record is not None:
                attempt(self.app, lambda: store.update_need(unit.slug, row.id,
                                                            sop_id=record.id))

        self.app.push_screen(ChoiceDialog(
            "SOP dari kebutuhan", [(f"{r.title} — {r.output}" if r.output else r.title, r.id)
                                   for r in free]), done)

    def action_new_template(self) -> None:
        unit = self._need_unit()
        if unit is None:
            return
        templates: dict[str, Sop] = {}
        problems: list[str] = []
        for path in sorted(sop_templates_dir().glob("*.yaml")):
            try:
                templates[path.stem] = load_sop(path)
            except SopFileError as exc:
                problems.append(str(exc))
        if problems:
            self.notify(f"{len(problems)} templat tidak terbaca: {problems[0]}",
                        severity="warning", markup=False)
        if not templates:
            self.notify("Tidak ada templat SOP.", severity="warning")
            return
        options = [(f"{sop.category + ': ' if sop.category else ''}{sop.title}", stem)
                   for stem, sop in sorted(templates.items(),
                                           key=lambda kv: (kv[1].category, kv[1].title))]

        def mapped(stem: str, mapping: dict[str, str] | None) -> None:
            if mapping is None:
                return
            try:
                sop = map_actors(templates[stem], mapping)
            except EditError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self._create(fresh_copy(sop, unit), template=stem)

        def chosen(stem: str | None) -> None:
            if stem is None:
                return
            self.app.push_screen(ActorMapDialog(templates[stem].title,
                                                templates[stem].actors),
                                 lambda m: mapped(stem, m))

        self.app.push_screen(ChoiceDialog("SOP dari templat", options,
                                          "Pilih SOP umum, lalu sesuaikan jabatannya."), chosen)

    def action_import_file(self) -> None:
        unit = self._need_unit()
        if unit is None:
            return

        def done(path: str | None) -> None:
            if not path:
                return
            try:
                sop = load_sop(Path(path).expanduser())
            except SopFileError as exc:
                self.notify(str(exc), title="Berkas tidak dapat diimpor", severity="error",
                            markup=False, timeout=12)
                return
            except OSError as exc:
                self.notify(f"{path}: {exc.strerror or exc}", title="Berkas tidak dapat dibuka",
                            severity="error", markup=False, timeout=8)
                return
            sop.category = ""
            self._create(sop)

        self.app.push_screen(TextPrompt("Impor SOP", "Berkas sop-ap/1 (.yaml)",
                                        placeholder="/path/ke/sop.yaml", ok_label="Impor"),
                             done)

    # -- status and removal -------------------------------------------------------------------

    def action_set_status(self) -> None:
        record = self._chosen()
        unit = self.unit_slug
        if record is None or unit is None:
            return
        store = context_of(self).store

        today = context_of(self).now().date().isoformat()

        def done(status: str | None) -> None:
            if status:
                change_status(self.app, store, unit, record.id, status, today)
                self.show_unit()

        self.app.push_screen(ChoiceDialog(
            f"Status: {record.sop.title}", [(STATUS_LABELS[s], s) for s in MANUAL_STATUSES],
            "Status disahkan diberikan lewat pengesahan (F4 di editor)."), done)

    def action_remove(self) -> None:
        record = self._chosen()
        unit = self.unit_slug
        if record is None or unit is None:
            return
        store = context_of(self).store

        def done(yes: bool | None) -> None:
            if yes:
                attempt(self.app, lambda: store.remove_sop(unit, record.id), "SOP dihapus.")
                self.show_unit()

        self.app.push_screen(ConfirmScreen(f"Hapus SOP “{record.sop.title}” beserta semua "
                                           "versinya?"), done)


def _signer(unit: Unit) -> Approval:
    return Approval(position=unit.head_position)

