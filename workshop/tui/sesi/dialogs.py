"""Dialogs of the sessions screen: a session, an agenda item, an action item, the minutes.

Every dialog returns a typed result through ``dismiss`` (None when cancelled); user text is
shown as data, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, Select, Static

from workshop.model import ActionItem, AgendaItem, Unit
from workshop.tui.dialogs import Dialog, dialog_buttons
from workshop.tui.guide import StageInfo


def valid_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


class _Form(Dialog["object | None"]):
    def problem(self, message: str) -> None:
        self.query_one("#problem", Static).update(Text(message))

    def buttons(self, ok: str = "Simpan") -> ComposeResult:
        yield Static("", id="problem", classes="problem", markup=False)
        yield dialog_buttons(ok)

    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()


@dataclass(frozen=True)
class SessionFields:
    title: str
    date: str | None


class SessionForm(_Form):
    """Title and date of a session (new, or edited/moved to another date)."""

    def __init__(self, heading: str, title: str = "", date_value: str | None = None) -> None:
        super().__init__()
        self.heading = heading
        self.initial = (title, date_value or "")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(self.heading), classes="dialog-title")
            yield Label("Judul sesi")
            yield Input(self.initial[0], id="s-title", placeholder="mis. Klinik SOP 1",
                        compact=True)
            yield Label("Tanggal (TTTT-BB-HH, boleh kosong)")
            yield Input(self.initial[1], id="s-date", placeholder="2018-08-14", compact=True)
            yield from self.buttons()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        title, when = self.value("#s-title"), self.value("#s-date")
        if not title:
            self.problem("Judul sesi wajib diisi.")
            return
        if when and not valid_date(when):
            self.problem("Tanggal ditulis TTTT-BB-HH, misalnya 2018-08-14.")
            return
        self.dismiss(SessionFields(title, when or None))


class AgendaItemForm(_Form):
    """An agenda item: title, stage, timebox in minutes, notes for the facilitator."""

    def __init__(self, heading: str, stages: Sequence[StageInfo],
                 item: AgendaItem | None = None) -> None:
        super().__init__()
        self.heading = heading
        self.stages = list(stages)
        self.item = item

    def compose(self) -> ComposeResult:
        item = self.item
        ids = [s.id for s in self.stages]
        with Vertical(classes="dialog-box"):
            yield Static(Text(self.heading), classes="dialog-title")
            yield Label("Agenda")
            yield Input(item.title if item else "", id="a-title", compact=True)
            yield Label("Tahap")
            yield Select([(s.name, s.id) for s in self.stages], allow_blank=False,
                         value=item.stage if item and item.stage in ids else ids[0],
                         id="a-stage", compact=True)
            yield Label("Waktu (menit)")
            yield Input(str(item.minutes) if item else "30", id="a-minutes", type="integer",
                        compact=True)
            yield Label("Catatan fasilitator")
            yield Input(item.notes if item else "", id="a-notes", compact=True)
            yield from self.buttons()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        title = self.value("#a-title")
        if not title:
            self.problem("Judul agenda wajib diisi.")
            return
        try:
            minutes = int(self.value("#a-minutes"))
        except ValueError:
            minutes = 0
        if not 1 <= minutes <= 24 * 60:
            self.problem("Waktu ditulis dalam menit, antara 1 dan 1440.")
            return
        stage = self.query_one("#a-stage", Select).value
        self.dismiss(AgendaItem(title=title, stage=str(stage), minutes=minutes,
                                notes=self.value("#a-notes")))


class ActionItemForm(_Form):
    """An action item: what, which unit, by when."""

    ALL_UNITS = "__semua__"

    def __init__(self, units: Sequence[Unit], item: ActionItem | None = None) -> None:
        super().__init__()
        self.units = list(units)
        self.item = item

    def compose(self) -> ComposeResult:
        item = self.item
        slugs = {u.slug for u in self.units}
        with Vertical(classes="dialog-box"):
            yield Static("Tindak lanjut", classes="dialog-title")
            yield Label("Apa yang dilakukan")
            yield Input(item.what if item else "", id="t-what", compact=True)
            yield Label("Unit")
            yield Select([(Text("Semua unit"), self.ALL_UNITS),
                          *[(Text(u.name), u.slug) for u in self.units]],
                         allow_blank=False, compact=True, id="t-unit",
                         value=item.unit if item and item.unit in slugs else self.ALL_UNITS)
            yield Label("Tenggat (TTTT-BB-HH, boleh kosong)")
            yield Input(item.due or "" if item else "", id="t-due", compact=True)
            yield from self.buttons()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        what, due = self.value("#t-what"), self.value("#t-due")
        if not what:
            self.problem("Isi apa yang harus dilakukan.")
            return
        if due and not valid_date(due):
            self.problem("Tenggat ditulis TTTT-BB-HH, misalnya 2018-08-14.")
            return
        unit = self.query_one("#t-unit", Select).value
        self.dismiss(ActionItem(what=what, unit="" if unit == self.ALL_UNITS else str(unit),
                                due=due or None, done=self.item.done if self.item else False))


class MinutesPreview(ModalScreen[None]):
    """The minutes as the export will write them (Markdown from the exporter)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Tutup")]
    DEFAULT_CLASSES = "dialog"

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box tall", id="minutes-box"):
            yield Static("Pratinjau notulen (berita acara)", classes="dialog-title")
            with VerticalScroll(id="minutes-scroll"):
                yield Markdown(self.markdown, id="minutes-md")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Tutup", id="close", compact=True)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
