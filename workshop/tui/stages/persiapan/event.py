"""The Kegiatan panel: the event's fields, saved as they are typed, then the document settings
(``documents.DocumentSettingsForm``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.timer import Timer
from textual.widgets import (
    Input,
    Label,
    Static,
)

from workshop.docsettings import DocumentSettings
from workshop.model import Event
from workshop.tui.context import attempt, context_of
from workshop.tui.stages.persiapan.documents import DocumentSettingsForm
from workshop.tui.stages.persiapan.panels import DATE_HINT, DeferredPanel, valid_date

EVENT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("title", "Judul kegiatan", "Pendampingan Penyusunan SOP AP"),
    ("organiser", "Penyelenggara", "mis. Biro Organisasi Setda Provinsi Jawa Tengah"),
    ("host_government", "Pemerintah daerah", "mis. Pemerintah Kabupaten Wonosobo"),
    ("venue", "Tempat", "mis. Ruang Rapat Setda"),
    ("start_date", "Tanggal mulai", "TTTT-BB-HH"),
    ("end_date", "Tanggal selesai", "TTTT-BB-HH"),
    ("facilitators", "Fasilitator", "nama-nama, dipisah titik koma"),
)

AUTOSAVE_SECONDS = 1.0

def event_value(event: Event, key: str) -> str:
    value: Any = getattr(event, key)
    if key == "facilitators":
        return "; ".join(value)
    return value or ""


def parse_event_value(key: str, text: str) -> Any:
    text = text.strip()
    if key == "facilitators":
        return [part.strip() for part in text.split(";") if part.strip()]
    if key in ("start_date", "end_date"):
        return text or None
    return text


class EventForm(DeferredPanel, VerticalScroll):
    """The event's fields; each is saved as it is typed (a second after the last key), and when
    Enter is pressed or the field is left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "app.focus_next", "Berikutnya", show=False),
        Binding("up", "app.focus_previous", "Sebelumnya", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._autosave: dict[str, Timer] = {}

    def compose_part(self, part: str) -> ComposeResult:
        with Grid(id="event-grid"):
            for key, label, placeholder in EVENT_FIELDS:
                yield Label(label, classes="field-label")
                yield Input(placeholder=placeholder, id=f"ev-{key}", compact=True,
                            select_on_focus=False)
        yield Static("Tersimpan otomatis sambil diketik.",
                     classes="hint")
        yield DocumentSettingsForm(id="doc-settings")

    def show(self, event: Event) -> None:
        if not self.has_part("body"):
            return
        for key, _, _ in EVENT_FIELDS:
            box = self.query_one(f"#ev-{key}", Input)
            stored = event_value(event, key)
            if not box.has_focus and box.value != stored:
                box.value = stored

    def show_documents(self, settings: DocumentSettings, logo: Path | None, warning: str) -> None:
        if self.has_part("body"):
            self.query_one(DocumentSettingsForm).show(settings, logo, warning)

    def _save(self, box: Input, *, typing: bool = False) -> None:
        if not box.id or not box.id.startswith("ev-"):
            return
        key = box.id[3:]
        ctx = context_of(self)
        event = ctx.store.event()
        if box.value.strip() == event_value(event, key).strip():
            return
        if key in ("start_date", "end_date") and not valid_date(box.value.strip()):
            if not typing:  # a half-typed date is not an error yet
                self.app.notify(DATE_HINT,
                                severity="error", markup=False)
            return
        value = parse_event_value(key, box.value)
        attempt(self.app, lambda: ctx.store.update_event(**{key: value}), "Tersimpan.")

    @on(Input.Submitted)
    def _submitted(self, message: Input.Submitted) -> None:
        self._save(message.input)

    @on(Input.Blurred)
    def _blurred(self, message: Input.Blurred) -> None:
        self._save(message.input)

    @on(Input.Changed)
    def _changed(self, message: Input.Changed) -> None:
        """Saved as it is typed: one second after the last key."""
        box = message.input
        if not box.has_focus:
            return  # a value set by ``show``
        key = box.id or ""
        if key in self._autosave:
            self._autosave[key].stop()
        self._autosave[key] = self.set_timer(AUTOSAVE_SECONDS,
                                             lambda: self._save(box, typing=True))


