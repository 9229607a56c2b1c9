"""The SOP editor with a same-field conflict resolved by the user.

Before a save lands, the fields it changes are compared with what is stored now: when someone
else changed the same field meanwhile (to another value), a dialog shows both values and the
user chooses which one stays. Changes to other fields merge as the editor already does.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from workshop.fields import SOP_FIELDS
from workshop.model import Sop, Step
from workshop.stages.pengembangan.editing import field_changes
from workshop.store import StoreError
from workshop.tui.context import context_of
from workshop.tui.stages.pengembangan.editor import IDENTITY_FORM, STEP_FORM, EditorScreen

MINE = "mine"
THEIRS = "theirs"

_MISSING = object()
_STEP_LABELS = {name: label for name, label, _ in STEP_FORM}
_IDENTITY_LABELS = {name: label for name, label, _ in IDENTITY_FORM}
_LIST_LABELS = {spec.key: spec.label for spec in SOP_FIELDS if spec.kind in ("list", "steps")}


def field_label(path: str) -> str:
    """How a user names a field path ("steps.3.time" -> "Langkah 3: Waktu")."""
    parts = path.split(".")
    if parts[0] == "steps" and len(parts) >= 2:
        head = f"Langkah {parts[1]}"
        return f"{head}: {_STEP_LABELS.get(parts[2], parts[2])}" if len(parts) > 2 else head
    return _IDENTITY_LABELS.get(path) or _LIST_LABELS.get(path) or path


def shown(value: Any) -> str:
    """A field value as users read it."""
    if value is None or value == "" or value == []:
        return "(kosong)"
    if isinstance(value, Step):
        return value.activity or "(langkah tanpa kegiatan)"
    if isinstance(value, list):
        if value and isinstance(value[0], Step):
            return f"{len(value)} langkah: " + "; ".join(
                f"{n}. {s.activity}" for n, s in enumerate(value, start=1))
        return "; ".join(str(v) for v in value)
    return str(value)


def get_path(sop: Sop, path: str) -> Any:
    """The value at a FieldChange path (1-based list numbers); ``_MISSING`` when gone."""
    obj: Any = sop
    for part in path.split("."):
        if isinstance(obj, list):
            if not part.isdigit() or not 1 <= int(part) <= len(obj):
                return _MISSING
            obj = obj[int(part) - 1]
        elif hasattr(obj, part):
            obj = getattr(obj, part)
        else:
            return _MISSING
    return obj


def set_path(sop: Sop, path: str, value: Any) -> bool:
    """Set the value at a path; False when the place no longer exists."""
    parts = path.split(".")
    parent = get_path(sop, ".".join(parts[:-1])) if len(parts) > 1 else sop
    last = parts[-1]
    if parent is _MISSING:
        return False
    if isinstance(parent, list):
        if not last.isdigit() or not 1 <= int(last) <= len(parent):
            return False
        parent[int(last) - 1] = copy.deepcopy(value)
        return True
    if not hasattr(parent, last):
        return False
    setattr(parent, last, copy.deepcopy(value))
    return True


@dataclass(frozen=True)
class Conflict:
    path: str
    theirs: Any
    yours: Any


def conflicts(saved: Sop, mine: Sop, stored: Sop) -> list[Conflict]:
    """Fields I changed (saved -> mine) that someone else changed too, to another value."""
    out: list[Conflict] = []
    for path, old, new in field_changes(saved, mine):
        current = get_path(stored, path)
        if current is _MISSING:
            current = None
        if current != old and current != new:
            out.append(Conflict(path, current, new))
    return out


class ConflictDialog(ModalScreen[str]):
    """Both values of one field; the user picks the one that stays."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "theirs", "Pakai isian mereka")]
    DEFAULT_CLASSES = "dialog"

    def __init__(self, conflict: Conflict) -> None:
        super().__init__()
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        c = self.conflict
        with Vertical(classes="dialog-box"):
            yield Static("Bentrok: bidang yang sama diubah dua orang", classes="dialog-title")
            yield Static(Text(f"Bidang: {field_label(c.path)}"), id="conflict-field")
            yield Static(Text(f"Isian orang lain (tersimpan): {shown(c.theirs)}"),
                         id="conflict-theirs")
            yield Static(Text(f"Isian Anda: {shown(c.yours)}"), id="conflict-yours")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Pakai isian saya", variant="primary", id="use-mine", compact=True)
                yield Button("Pakai isian mereka", id="use-theirs", compact=True)

    def on_mount(self) -> None:
        self.query_one("#use-mine", Button).focus()

    @on(Button.Pressed, "#use-mine")
    def _mine(self) -> None:
        self.dismiss(MINE)

    @on(Button.Pressed, "#use-theirs")
    def action_theirs(self) -> None:
        self.dismiss(THEIRS)


class LiveEditorScreen(EditorScreen):
    """``EditorScreen`` that asks the user when a save would collide with someone's change."""

    def __init__(self, unit: str, sop_id: str) -> None:
        super().__init__(unit, sop_id)
        self._asking = False

    def save_now(self) -> bool:
        if self._asking:
            return False
        if self.record is not None and field_changes(self.saved, self.editor.sop):
            try:
                stored = context_of(self).store.sop(self.unit, self.sop_id).sop
            except StoreError:
                stored = None
            if stored is not None:
                found = conflicts(self.saved, self.editor.sop, stored)
                if found:
                    self._ask(found, stored)
                    return False
        return super().save_now()

    def _ask(self, found: list[Conflict], stored: Sop) -> None:
        self._asking = True
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        conflict = found[0]

        def chosen(choice: str | None) -> None:
            self._asking = False
            if choice == MINE:
                # The stored value becomes what we "read": the save now replaces it.
                set_path(self.saved, conflict.path, conflict.theirs)
            else:
                set_path(self.saved, conflict.path, conflict.theirs)
                set_path(self.editor.sop, conflict.path, conflict.theirs)
                self.refresh_all(keep_focused=False)
            self.save_now()

        self.app.push_screen(ConflictDialog(conflict), chosen)
