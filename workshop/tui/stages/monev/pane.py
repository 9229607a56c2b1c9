"""Monitoring dan Evaluasi: Tabel 7 of a unit for a period (semester), the seven evaluation
questions with a follow-up decision, and the due dates of every SOP in force."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Label, Static

from workshop.model import MonitoringRow, SopRecord, Unit
from workshop.pedoman import load_pedoman
from workshop.stages.monev.monev import (
    add_monitoring,
    current_period,
    due_items,
    evaluate,
    next_evaluation,
    next_monitoring,
    period_end,
    share_text,
)
from workshop.status import is_in_force
from workshop.store import StoreError
from workshop.tui.context import context_of, settled
from workshop.tui.guide import StageInfo
from workshop.tui.stages.base import NO_UNITS, StagePane
from workshop.tui.stages.monev.common import DueList, save_record, today_of
from workshop.tui.stages.monev.dialogs import (
    EvaluationDialog,
    EvaluationForm,
    MonitoringDialog,
)
from workshop.tui.stages.pengembangan.editor import STATUS_LABELS
from workshop.tui.stages.pengembangan.sop_dialogs import ChoiceDialog
from workshop.tui.widgets.fit_table import Column, FitTable

MONEV_COLUMNS = (
    Column("no", "No"), Column("title", "Prosedur", 4), Column("status", "Status", 1),
    Column("assessment", "Penilaian", 2), Column("notes", "Catatan", 1),
    Column("action", "Tindakan", 1), Column("assessor", "Penilai", 1),
    Column("evaluation", "Evaluasi", 1),
    Column("next-monitoring", "Monitoring berikut", 1, short="Monitoring"),
    Column("next-evaluation", "Evaluasi berikut", 1, short="Evaluasi"))

EXPORTS: tuple[tuple[str, str], ...] = (
    ("Tabel 7 Monitoring (Markdown)", "md monitoring"),
    ("Tabel 7 Monitoring (HTML untuk cetak)", "html monitoring"),
    ("Evaluasi Penerapan (Markdown)", "md evaluasi"),
    ("Evaluasi Penerapan (HTML untuk cetak)", "html evaluasi"),
)

DECISION_DONE: dict[str, str] = {
    "tetap": "SOP tetap berlaku.",
    "revisi": "Versi baru dibuka sebagai draf; temuan evaluasi menjadi komentar reviu.",
    "cabut": "SOP dicabut.",
}


def _row_of(record: SopRecord, period: str) -> MonitoringRow | None:
    rows = [m for m in record.monitoring if m.period == period]
    return rows[-1] if rows else None


class MonevPane(StagePane, Vertical):
    """Monitoring (Tabel 7) and evaluation of the chosen unit."""

    UNIT_PICKER = "monev-unit"
    FOCUS = "#monev-list"
    PROBLEM = "#monev-empty"

    DEFAULT_CSS = """
    MonevPane .unit-bar #monev-period { width: 12; border: none; height: 1; padding: 0 1; }
    MonevPane #monev-list { height: 1fr; min-height: 4; margin: 0 1; }
    MonevPane #monev-empty { height: auto; margin: 0 1; color: $text-muted; }
    MonevPane #monev-due { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "monitor", "Monitoring"),
        Binding("e", "evaluate", "Evaluasi"),
        Binding("x", "export", "Ekspor"),
    ]

    def __init__(self, stage: StageInfo | None = None, *, id: str | None = None) -> None:
        super().__init__(stage, id=id)
        self._records: list[SopRecord] = []
        self._pedoman = load_pedoman()
        self._period: str | None = None
        # (unit, its file token, its name, period, day) of the table shown: a refresh after a
        # change elsewhere does not decode the unit again (only when the token is settled).
        self._shown: tuple[str, tuple[int, ...], str, str, date] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Monitoring dan Evaluasi", style="bold"),
                     classes="pane-head pane-title")
        yield from self.compose_unit_bar(Label(" Periode"),
                                         Input("", placeholder="2018-S2", id="monev-period"))
        yield Static("m: isi Tabel 7 untuk periode ini · e: evaluasi (7 pertanyaan) dan "
                     "tindak lanjut · x: ekspor", classes="hint")
        yield FitTable(MONEV_COLUMNS, id="monev-list")
        yield Static("", id="monev-empty", markup=False)
        yield DueList("", id="monev-due", markup=False)

    @property
    def period(self) -> str:
        if self._period is None:
            self._period = current_period(today_of(context_of(self)))
            self.query_one("#monev-period", Input).value = self._period
        return self._period

    def units_read(self, units: Sequence[Unit], chosen: str | None) -> None:
        ctx = context_of(self)
        if chosen is not None and self._shown is not None:
            name = next((u.name for u in units if u.slug == chosen), "")
            if self._shown == (chosen, ctx.store.unit_token(chosen), name, self.period,
                               today_of(ctx)):
                return  # another unit changed: this one's table is still right
        self.show_unit()

    @on(Input.Submitted, "#monev-period")
    @on(Input.Changed, "#monev-period")
    def _period_changed(self, message: Input.Changed | Input.Submitted) -> None:
        value = message.value.strip().upper()
        if period_end(value) is not None and value != self._period:
            self._period = value
            self.show_unit()
        if isinstance(message, Input.Submitted):
            if period_end(value) is None:
                self.notify("Periode ditulis TTTT-S1 atau TTTT-S2, mis. 2018-S2.",
                            severity="warning")
            self.query_one("#monev-list", DataTable).focus()

    def show_unit(self) -> None:
        table = self.query_one("#monev-list", FitTable)
        empty = self.query_one("#monev-empty", Static)
        ctx = context_of(self)
        unit = self.unit_slug
        if unit is None:
            table.fill([])
            self._records = []
            empty.update(NO_UNITS)
            return
        self._shown = None
        token = ctx.store.unit_token(unit)  # before reading: a later write changes it
        try:
            records = ctx.store.sops(unit)
            unit_obj = ctx.store.unit(unit)
        except StoreError as exc:
            empty.update(str(exc))
            return
        period = self.period
        shown = [r for r in records if is_in_force(r.status) or r.monitoring or r.evaluations]
        row_index = table.cursor_row
        self._records = shown
        rows: list[tuple[str, list[str | Text]]] = []
        today = today_of(ctx)
        for number, record in enumerate(shown, start=1):
            m = _row_of(record, period)
            ev = record.evaluations[-1] if record.evaluations else None
            status = STATUS_LABELS.get(record.status, record.status)
            if record.version > 1:
                status += f" v{record.version}"
            cells: list[str | Text] = [str(number), Text(record.sop.title or "(tanpa nama)"),
                                       status]
            if m is None:
                cells += ["-", "", "", ""]
            else:
                style = "green" if m.assessment == "Berjalan dengan baik" else "bold red"
                cells += [Text(m.assessment, style=style), Text(m.notes), Text(m.action),
                          Text(m.assessor)]
            cells.append(Text(f"{share_text(ev)}, {ev.decision}" if ev else "-"))
            for due in (next_monitoring(record, self._pedoman),
                        next_evaluation(record, self._pedoman)):
                if due is None:
                    cells.append("-")
                else:
                    late = due < today
                    cells.append(Text(due.isoformat() + (" terlambat" if late else ""),
                                      style="bold red" if late else ""))
            rows.append((record.id, cells))
        table.fill(rows)
        if shown:
            table.move_cursor(row=min(max(row_index, 0), len(shown) - 1), animate=False)
        empty.update("" if shown else "Belum ada SOP yang disahkan dan diterapkan di unit ini.")
        self.query_one(DueList).show_items(
            due_items([(unit_obj, records)], today, self._pedoman))
        if settled(token):
            self._shown = (unit, token, unit_obj.name, period, today)

    def _chosen(self) -> SopRecord | None:
        table = self.query_one("#monev-list", DataTable)
        if not self._records or not 0 <= table.cursor_row < len(self._records):
            return None
        return self._records[table.cursor_row]

    def _target(self) -> tuple[str, SopRecord] | None:
        record = self._chosen()
        unit = self.unit_slug
        if record is None or unit is None:
            self.notify("Pilih SOP yang sudah diterapkan dulu.", severity="warning")
            return None
        if not is_in_force(record.status):
            label = STATUS_LABELS.get(record.status, record.status).lower()
            self.notify(f"SOP ini berstatus {label}; monitoring dan evaluasi untuk SOP yang "
                        "berlaku.", severity="warning", markup=False)
            return None
        return unit, record

    def action_monitor(self) -> None:
        target = self._target()
        if target is None:
            return
        unit, record = target
        ctx = context_of(self)
        period = self.period

        def save(row: MonitoringRow) -> str | None:
            return save_record(ctx.store, unit, record.id,
                               lambda r: add_monitoring(r, row, self._pedoman),
                               "sop.monitoring")

        def done(saved: bool | None) -> None:
            if saved:
                self.notify(f"Monitoring {period} disimpan.", markup=False, timeout=3)
                self.show_unit()

        self.app.push_screen(MonitoringDialog(
            record.sop.title or "(tanpa nama)", period, today_of(ctx).isoformat(),
            self._pedoman.monitoring_methods, save, _row_of(record, period)), done)

    def action_evaluate(self) -> None:
        target = self._target()
        if target is None:
            return
        unit, record = target
        ctx = context_of(self)
        decided: list[str] = []

        def save(form: EvaluationForm) -> str | None:
            at = ctx.now().isoformat(timespec="seconds")
            problem = save_record(ctx.store, unit, record.id,
                                  lambda r: evaluate(r, form.evaluation, author=form.author,
                                                     at=at, pedoman=self._pedoman),
                                  "sop.evaluation")
            if problem is None:
                decided.append(form.evaluation.decision)
            return problem

        def done(saved: bool | None) -> None:
            if saved and decided:
                self.notify(f"Evaluasi disimpan. {DECISION_DONE.get(decided[0], '')}",
                            markup=False, timeout=5)
                self.show_unit()

        self.app.push_screen(EvaluationDialog(
            record.sop.title or "(tanpa nama)",
            [q.text for q in self._pedoman.evaluation_questions],
            today_of(ctx).isoformat(), save), done)


    def action_export(self) -> None:
        """Tabel 7 or the evaluation of every unit, to the workshop's exports/ folder."""
        export = getattr(self.app, "export", None)
        if not callable(export):
            return

        def done(choice: str | None) -> None:
            if choice:
                fmt, what = choice.split()
                export(fmt, what)

        self.app.push_screen(ChoiceDialog("Ekspor monitoring dan evaluasi", list(EXPORTS),
                                          "Semua unit, ke folder exports/ workshop."), done)
