"""The SOP editor's boxes and the text they show: the step and identity forms (from the
declaration in :mod:`workshop.fields`), the words a step's kind is typed as, and the boxes that
leave alt+1..5 to the editor's tab bindings."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.geometry import Size
from textual.widgets import (
    Input,
    TextArea,
)

from workshop.fields import STEP_FIELDS, identity_form, step_form
from workshop.model import Sop
from workshop.status import SopStatus

KIND_LABELS: dict[str, str] = {
    "start": "mulai",
    "process": "proses",
    "decision": "keputusan",
    "end": "selesai",
}
KIND_WORDS: dict[str, str] = {
    **{label: kind for kind, label in KIND_LABELS.items()},
    **{kind: kind for kind in KIND_LABELS},
    "m": "start",
    "p": "process",
    "k": "decision",
    "s": "end",
}
STATUS_LABELS: dict[str, str] = {status.value: status.label for status in SopStatus}


# (field, label, placeholder) of the step form in Tab order, and of the identity form; both
# from the declaration (workshop.fields).
STEP_FORM: tuple[tuple[str, str, str], ...] = tuple(
    (spec.key, spec.label, spec.form_hint) for spec in step_form())
IDENTITY_FORM: tuple[tuple[str, str, str], ...] = tuple(
    (path, spec.label, spec.form_hint) for path, spec in identity_form())
_STEP_KINDS: dict[str, str] = {spec.key: spec.kind for spec in STEP_FIELDS}


# What Textual makes of ESC+1..5, i.e. alt+1..5 in tmux, xterm and most Linux terminals (it
# reads them as the macOS option characters). Bound to the tabs below; the editor's boxes leave
# them to the bindings instead of inserting them.
ALT_DIGIT_CHARACTERS = "¡™£¢∞"


class EditorInput(Input):
    """An ``Input`` that lets alt+1..5 (as ``ALT_DIGIT_CHARACTERS``) reach the tab bindings,
    and that does not lay out the whole screen on every key.

    Textual's ``Input`` sets its virtual size (the width of its text) on every change, and that
    reactive asks for a layout of the screen: with the editor's ~70 widgets that layout and the
    full repaint after it were about half the CPU of a key (issue 21: forty participant
    processes share two cores). The box's own size never follows its text here (no ``auto``
    width), so the virtual size is set without the layout; the line is repainted as before."""

    # Textual's Input scrolls its text sideways with a horizontal scrollbar of size 0 that is
    # never placed on screen; moving that bar on every key (the cursor at the end of a long
    # text scrolls the box) refreshed a widget the compositor does not show, and that made it
    # arrange the whole screen again (~20% of a key's CPU). Overflow hidden: no bar to move;
    # the text still scrolls with the cursor.
    DEFAULT_CSS = """
    EditorInput { overflow-x: hidden; }
    """

    _at_end_once = False

    def focus_at_end(self) -> None:
        """Focus with the cursor after the text and nothing selected (the editor's own focus as
        it opens). A box entered with Tab still selects its text, so that typing replaces it
        (an actor's number, a kind): here the first key typed would have wiped the step's
        activity, and under load the focus lands after the typing has started (issue 21: the
        room benchmark's first letter replaced each opened step's activity)."""
        self._at_end_once = True
        self.focus()

    def on_focus(self) -> None:
        # Runs before Input._on_focus (the class's own handler comes first in the MRO).
        if self._at_end_once:
            self._at_end_once = False
            self.select_on_focus = False
            self.cursor_position = len(self.value)
            self.call_later(setattr, self, "select_on_focus", True)

    def _watch_value(self, value: str) -> None:
        if not self.styles.auto_dimensions:
            self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character is not None and character in ALT_DIGIT_CHARACTERS:
            return False
        return super().check_consume_key(key, character)


class KindInput(EditorInput):
    """The step's kind as a choice reachable by keys: m, p, k, s pick mulai, proses, keputusan,
    selesai and space steps to the next one; the box shows the word (which may still be typed
    out: the letters of a word reach the box once it holds no kind word)."""

    async def _on_key(self, event: events.Key) -> None:
        order = list(KIND_LABELS.values())
        current = self.value.strip().casefold()
        word: str | None = None
        if event.key == "space":
            at = order.index(current) if current in order else -1
            word = order[(at + 1) % len(order)]
        elif event.character and len(event.character) == 1 and (
                current in order or not current):
            kind = KIND_WORDS.get(event.character.casefold())
            word = KIND_LABELS[kind] if kind is not None else None
        if word is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        self.value = word
        self.cursor_position = len(word)


class EditorTextArea(TextArea):
    """A ``TextArea`` that lets alt+1..5 (as ``ALT_DIGIT_CHARACTERS``) reach the tab bindings."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if character is not None and character in ALT_DIGIT_CHARACTERS:
            return False
        return super().check_consume_key(key, character)


def dom_id(path: str) -> str:
    return "id-" + path.replace(".", "-")


def is_question(activity: str) -> bool:
    """An activity worded as a question ("Apakah berkas lengkap?"): a decision, most likely."""
    return activity.strip().casefold().startswith("apakah")


def step_value(sop: Sop, number: int, name: str) -> str:
    """The text a step field shows in its box."""
    step = sop.steps[number - 1]
    value: Any = getattr(step, name)
    kind = _STEP_KINDS.get(name)
    if kind == "choice":  # the step's kind: shown as mulai / proses / keputusan / selesai
        return KIND_LABELS.get(str(value), str(value))
    if kind == "list":
        return "; ".join(value)
    return "" if value is None else str(value)


def identity_value(sop: Sop, path: str) -> str:
    obj: Any = sop
    for part in path.split("."):
        obj = getattr(obj, part)
    return "" if obj is None else str(obj)


def branch_text(sop: Sop, number: int) -> str:
    step = sop.steps[number - 1]
    if step.kind == "decision":
        yes = step.if_yes if step.if_yes is not None else number + 1
        no = "?" if step.if_no is None else str(step.if_no)
        return f"Ya→{yes} Tidak→{no}"
    if step.next is not None:
        return f"→{step.next}"
    return ""
