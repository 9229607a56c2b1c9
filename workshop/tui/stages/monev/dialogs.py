"""Dialogs of Penerapan and Monev: an implementation record, a Tabel 7 row, an evaluation.

Each dialog builds a model value and hands it to ``save`` (a plain function given by the pane);
``save`` returns an Indonesian problem to show (the dialog stays open) or None (the dialog
closes with True). Escape or Batal closes with False. User text is data, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from workshop.model import (
    EVALUATION_DECISIONS,
    MONITORING_ASSESSMENTS,
    Evaluation,
    ImplementationRecord,
    MonitoringRow,
)
from workshop.pedoman import Term
from workshop.tui.dialogs import Dialog, dialog_buttons
from workshop.tui.widgets.ticks import TickBox, TickList

T = TypeVar("T")


class _FormDialog(Dialog[bool]):
    """Base: a form whose OK builds a value and saves it through ``save``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal"),
        Binding("ctrl+s", "ok", "Simpan", show=False),
    ]
    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    .monev-form { height: 1fr; }
    .monev-form Label { margin-top: 1; }
    .monev-form Checkbox { margin-top: 1; }
    .monev-form SelectionList { height: auto; }
    #problem { color: $error; height: auto; }
    """

    def cancel_value(self) -> bool:
        return False

    def build(self) -> tuple[object | None, str | None]:
        """The value of the form, or a problem."""
        raise NotImplementedError

    def store(self, value: object) -> str | None:
        raise NotImplementedError

    def action_ok(self) -> None:
        value, problem = self.build()
        if problem is None and value is not None:
            problem = self.store(value)
        if problem is not None:
            self.query_one("#problem", Static).update(Text(problem))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.action_ok()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_ok()

    def buttons(self) -> ComposeResult:
        yield Static("", id="problem")
        yield dialog_buttons("Simpan")

    def text(self, id: str) -> str:
        return self.query_one(f"#{id}", Input).value.strip()


# ---------------------------------------------------------------------------------------------
# Penerapan
# ---------------------------------------------------------------------------------------------


class ImplementationDialog(_FormDialog):
    """Sosialisasi / pelatihan / distribusi of one SOP."""

    def __init__(self, title: str, kinds: Sequence[Term], today: str,
                 save: Callable[[ImplementationRecord], str | None]) -> None:
        super().__init__()
        self.sop_title = title
        self.kinds = kinds
        self.today = today
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box tall"):
            yield Static(Text(f"Penerapan: {self.sop_title}"), classes="dialog-title")
            with VerticalScroll(classes="monev-form"):
                yield Label("Jenis")
                yield Select[str]([(Text(k.name), k.id) for k in self.kinds],
                                  value=self.kinds[0].id if self.kinds else Select.NULL,
                                  allow_blank=False, id="impl-kind", compact=True)
                yield Label("Tanggal (TTTT-BB-HH)")
                yield Input(self.today, id="impl-date", compact=True)
                yield Label("Sasaran / peserta")
                yield Input(placeholder="mis. Pelaksana Subbag Umum", id="impl-audience",
                            compact=True)
                yield Label("Cara")
                yield Input(placeholder="mis. Rapat staf, salinan cetak", id="impl-method",
                            compact=True)
                yield Label("Jumlah yang dijangkau")
                yield Input("0", id="impl-reached", type="integer", compact=True)
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#impl-kind", Select).focus()

    def build(self) -> tuple[object | None, str | None]:
        kind = self.query_one("#impl-kind", Select).value
        raw = self.text("impl-reached") or "0"
        try:
            reached = int(raw)
        except ValueError:
            return None, "Jumlah yang dijangkau harus berupa angka."
        return ImplementationRecord(
            date=self.text("impl-date"), kind=kind if isinstance(kind, str) else "",
            audience=self.text("impl-audience"), method=self.text("impl-method"),
            reached=reached), None

    def store(self, value: object) -> str | None:
        assert isinstance(value, ImplementationRecord)
        return self.save(value)


# ---------------------------------------------------------------------------------------------
# Monitoring (Tabel 7)
# ---------------------------------------------------------------------------------------------


class MonitoringDialog(_FormDialog):
    """One row of Tabel 7 for one SOP and one period, with the monitoring methods used."""

    def __init__(self, title: str, period: str, today: str, methods: Sequence[Term],
                 save: Callable[[MonitoringRow], str | None],
                 current: MonitoringRow | None = None) -> None:
        super().__init__()
        self.sop_title = title
        self.period = period
        self.today = today
        self.methods = methods
        self.save = save
        self.current = current

    def compose(self) -> ComposeResult:
        row = self.current
        with Vertical(classes="dialog-box tall"):
            yield Static(Text(f"Monitoring {self.period}: {self.sop_title}"),
                         classes="dialog-title")
            with VerticalScroll(classes="monev-form"):
                yield Label("Penilaian terhadap penerapan")
                yield Select[str]([(a, a) for a in MONITORING_ASSESSMENTS],
                                  value=row.assessment if row else MONITORING_ASSESSMENTS[0],
                                  allow_blank=False, id="mon-assessment", compact=True)
                yield Label("Catatan hasil penilaian")
                yield Input(row.notes if row else "", id="mon-notes", compact=True)
                yield Label("Tindakan yang harus diambil")
                yield Input(row.action if row else "", id="mon-action", compact=True)
                yield Label("Penilai (paraf)")
                yield Input(row.assessor if row else "", id="mon-assessor", compact=True)
                yield Label("Tanggal (TTTT-BB-HH)")
                yield Input((row.date if row and row.date else self.today), id="mon-date",
                            compact=True)
                yield Label("Metode monitoring (spasi untuk memilih)")
                chosen = set(row.methods) if row else set()
                yield TickList[str](*[(Text(m.name), m.id, m.id in chosen)
                                           for m in self.methods], id="mon-methods")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#mon-assessment", Select).focus()

    def build(self) -> tuple[object | None, str | None]:
        assessment = self.query_one("#mon-assessment", Select).value
        methods = list(self.query_one("#mon-methods", SelectionList).selected)
        order = [m.id for m in self.methods]
        return MonitoringRow(
            period=self.period,
            assessment=assessment if isinstance(assessment, str) else "",
            notes=self.text("mon-notes"), action=self.text("mon-action"),
            assessor=self.text("mon-assessor"),
            methods=sorted((str(m) for m in methods), key=order.index),
            date=self.text("mon-date") or None), None

    def store(self, value: object) -> str | None:
        assert isinstance(value, MonitoringRow)
        return self.save(value)


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationForm:
    evaluation: Evaluation
    author: str


DECISION_LABELS: dict[str, str] = {
    "tetap": "Tetap (dipertahankan)",
    "revisi": "Revisi (buka versi baru)",
    "cabut": "Cabut (tidak berlaku lagi)",
}


class EvaluationDialog(_FormDialog):
    """The seven questions (ticked = Ya), a note each, the decision and its reason."""

    def __init__(self, title: str, questions: Sequence[str], today: str,
                 save: Callable[[EvaluationForm], str | None]) -> None:
        super().__init__()
        self.sop_title = title
        self.questions = questions
        self.today = today
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box tall"):
            yield Static(Text(f"Evaluasi: {self.sop_title}"), classes="dialog-title")
            yield Static("Centang = Ya, kosong = Tidak.", classes="hint")
            with VerticalScroll(classes="monev-form"):
                for i, question in enumerate(self.questions, start=1):
                    yield TickBox(Text(f"{i}. {question}"), True, id=f"ev-q{i}", compact=True)
                    yield Input(placeholder="catatan (boleh kosong)", id=f"ev-n{i}",
                                classes="note", compact=True)
                yield Label("Tindak lanjut")
                yield Select[str]([(DECISION_LABELS.get(d, d), d) for d in EVALUATION_DECISIONS],
                                  value=EVALUATION_DECISIONS[0], allow_blank=False,
                                  id="ev-decision", compact=True)
                yield Label("Alasan (wajib untuk cabut)")
                yield Input(id="ev-reason", compact=True)
                yield Label("Penilai")
                yield Input(placeholder="mis. Tim Penyusun SOP", id="ev-author", compact=True)
                yield Label("Tanggal (TTTT-BB-HH)")
                yield Input(self.today, id="ev-date", compact=True)
            yield Static("", id="ev-share")
            yield from self.buttons()

    def on_mount(self) -> None:
        self._show_share()
        self.query_one("#ev-q1", Checkbox).focus()

    def answers(self) -> list[bool]:
        return [self.query_one(f"#ev-q{i}", Checkbox).value
                for i in range(1, len(self.questions) + 1)]

    @on(Checkbox.Changed)
    def _show_share(self) -> None:
        answers = self.answers()
        yes = sum(answers)
        share = round(100 * yes / len(answers)) if answers else 0
        self.query_one("#ev-share", Static).update(
            Text(f"Jawaban Ya: {yes} dari {len(answers)} ({share}%)"))

    def build(self) -> tuple[object | None, str | None]:
        decision = self.query_one("#ev-decision", Select).value
        evaluation = Evaluation(
            date=self.text("ev-date"), answers=self.answers(),
            notes=[self.text(f"ev-n{i}") for i in range(1, len(self.questions) + 1)],
            decision=decision if isinstance(decision, str) else "",
            reason=self.text("ev-reason"))
        return EvaluationForm(evaluation, self.text("ev-author")), None

    def store(self, value: object) -> str | None:
        assert isinstance(value, EvaluationForm)
        return self.save(value)
