"""Editor operations on an SOP, with undo and redo. Pure: no I/O, no UI.

:class:`SopEditor` holds the SOP being edited. Every operation replaces ``editor.sop`` by a new
value (the old one is kept for undo) and raises :class:`EditError` (a message in Bahasa
Indonesia) when it cannot be done; nothing changes then.

- Actors (pelaksana): add, rename (every step of that actor follows), move (columns follow,
  steps keep their actor), remove (only when no step uses it).
- Steps: insert, append, move, delete through ``workshop.flow``'s renumbering helpers, so every
  explicit branch (``if_yes``, ``if_no``, ``next``) keeps pointing at the same activity.
- Fields: ``set_field("title", ...)``, ``set_field("dates.created", ...)``,
  ``set_field("legal_basis", [...])``, ``set_step_field(3, "time", "5 menit")``.

Undo: each operation is one undo entry, except that consecutive ``set_field`` /
``set_step_field`` calls on the same field are merged (typing a word is one entry, not one per
key). ``SopEditor.seal()`` ends such a run (the editor screen calls it when the user leaves a
field).

:func:`field_changes` compares two SOPs and lists what changed as ``(path, old, new)`` in the
path syntax of ``store.FieldChange``, as fine-grained as possible, so saves of two people who
edit different fields of the same SOP both land.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any, Final

from workshop import flow
from workshop.fields import SOP_FIELDS, FieldSpec, default_of, owner_of
from workshop.fields import STEP_FIELDS as STEP_SPECS
from workshop.model import Sop, Step

__all__ = [
    "LIST_FIELDS",
    "STEP_FIELDS",
    "EditError",
    "SopEditor",
    "field_changes",
    "map_actors",
    "resolve_actor",
]

# What set_field / set_step_field accept, from the declaration (workshop.fields).
SCALAR_FIELDS: Final[tuple[str, ...]] = tuple(s.key for s in SOP_FIELDS if s.kind == "text")
LIST_FIELDS: Final[tuple[str, ...]] = tuple(s.key for s in SOP_FIELDS if s.kind == "list")
GROUP_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    s.key: tuple(p.key for p in s.parts) for s in SOP_FIELDS if s.kind == "group"
}
STEP_FIELDS: Final[tuple[str, ...]] = tuple(s.key for s in STEP_SPECS)
_STEP_SPECS_BY_KEY: Final[dict[str, FieldSpec]] = {s.key: s for s in STEP_SPECS}
HISTORY_LIMIT: Final = 500


class EditError(Exception):
    """An edit that cannot be done; ``str(error)`` is a message for the user."""


def resolve_actor(sop: Sop, text: str) -> str | None:
    """The actor meant by ``text``: its column number ("2"), its name (any case), or the start
    of exactly one actor's name ("kasub" -> "Kasubbag Umum"). None when nothing or several
    match."""
    text = " ".join(text.split())
    if not text:
        return None
    if text.isdigit():
        index = int(text)
        return sop.actors[index - 1] if 1 <= index <= len(sop.actors) else None
    folded = text.casefold()
    for actor in sop.actors:
        if actor.casefold() == folded:
            return actor
    starts = [a for a in sop.actors if a.casefold().startswith(folded)]
    if len(starts) == 1:
        return starts[0]
    inside = [a for a in sop.actors if folded in a.casefold()]
    return inside[0] if len(inside) == 1 else None


def map_actors(sop: Sop, mapping: dict[str, str]) -> Sop:
    """A copy of ``sop`` whose actors (and the steps' actors) are renamed by ``mapping`` all at
    once, so swaps work (template positions -> the unit's own positions). Raises EditError when
    two actors would get the same name or a name is empty."""
    new = copy.deepcopy(sop)
    renamed = [" ".join(mapping.get(a, a).split()) for a in new.actors]
    if any(not a for a in renamed):
        raise EditError("Nama pelaksana tidak boleh kosong. Tuliskan jabatannya.")
    if len({a.casefold() for a in renamed}) != len(renamed):
        raise EditError("Dua pelaksana tidak boleh bernama sama.")
    lookup = dict(zip(new.actors, renamed, strict=True))
    new.actors = renamed
    for step in new.steps:
        step.actor = lookup.get(step.actor, step.actor)
    return new


@dataclass
class _Entry:
    sop: Sop
    label: str
    key: str | None  # merge key of a field edit, None for structural edits


class SopEditor:
    """An SOP under edit, with undo/redo (see the module docstring)."""

    def __init__(self, sop: Sop) -> None:
        self.sop: Sop = copy.deepcopy(sop)
        self._undo: list[_Entry] = []
        self._redo: list[_Entry] = []
        self._open_key: str | None = None

    # -- history ------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> str | None:
        """Go back one edit; returns its label ("Ubah waktu langkah 3"), None if nothing."""
        if not self._undo:
            return None
        entry = self._undo.pop()
        self._redo.append(_Entry(self.sop, entry.label, entry.key))
        self.sop = entry.sop
        self._open_key = None
        return entry.label

    def redo(self) -> str | None:
        """Do again the edit last undone; returns its label, None if nothing."""
        if not self._redo:
            return None
        entry = self._redo.pop()
        self._undo.append(_Entry(self.sop, entry.label, entry.key))
        self.sop = entry.sop
        self._open_key = None
        return entry.label

    def seal(self) -> None:
        """End a run of merged field edits: the next edit is a new undo entry."""
        self._open_key = None

    def reset(self, sop: Sop) -> None:
        """Replace the SOP (e.g. reloaded from the store) and forget the history."""
        self.sop = copy.deepcopy(sop)
        self._undo.clear()
        self._redo.clear()
        self._open_key = None

    def _commit(self, new: Sop, label: str, key: str | None = None) -> None:
        if new == self.sop:
            return
        if key is not None and key == self._open_key and self._undo:
            self._undo[-1].label = label
        else:
            self._undo.append(_Entry(self.sop, label, key))
            del self._undo[:-HISTORY_LIMIT]
        self._redo.clear()
        self._open_key = key
        self.sop = new

    def _copy(self) -> Sop:
        return copy.deepcopy(self.sop)

    # -- identity -----------------------------------------------------------------------------

    def set_field(self, path: str, value: Any) -> None:
        """Set an identity field: "title", "number", "unit", "dates.created",
        "approval.name", "classification.nature", or one of the six lists / "actors" (a list
        of texts; empty items are dropped)."""
        new = self._copy()
        parts = path.split(".")
        if len(parts) == 1 and parts[0] in SCALAR_FIELDS:
            setattr(new, parts[0], _text(value))
        elif len(parts) == 1 and parts[0] in LIST_FIELDS:
            items = _items(value)
            if parts[0] == "actors":
                self._check_actor_list(items)
            setattr(new, parts[0], items)
        elif len(parts) == 2 and parts[1] in GROUP_FIELDS.get(parts[0], ()):
            group = getattr(new, parts[0])
            text = _text(value)
            # An emptied field takes the model's default again (None for a date or a choice).
            setattr(group, parts[1], text or default_of(owner_of(parts[0]), parts[1]))
        else:
            raise EditError(f"Bidang tidak dikenal: {path}.")
        self._commit(new, f"Ubah {_path_label(path)}", key=path)

    def _check_actor_list(self, items: list[str]) -> None:
        folded = [a.casefold() for a in items]
        if len(set(folded)) != len(folded):
            raise EditError("Nama pelaksana tidak boleh sama.")
        used = {s.actor for s in self.sop.steps}
        missing = [a for a in self.sop.actors if a in used and a not in items]
        if missing:
            raise EditError(
                f"Pelaksana '{missing[0]}' masih dipakai langkah; ganti dulu pelaksana langkah itu."
            )

    # -- actors -------------------------------------------------------------------------------

    def _actor_index(self, actor: str | int) -> int:
        if isinstance(actor, int):
            if not 1 <= actor <= len(self.sop.actors):
                raise EditError(f"Tidak ada pelaksana di kolom {actor}.")
            return actor - 1
        if actor not in self.sop.actors:
            raise EditError(f"Pelaksana '{actor}' tidak ada.")
        return self.sop.actors.index(actor)

    def _new_actor_name(self, name: str, ignore: int | None = None) -> str:
        name = " ".join(name.split())
        if not name:
            raise EditError("Nama pelaksana tidak boleh kosong. Tuliskan jabatannya.")
        for i, other in enumerate(self.sop.actors):
            if i != ignore and other.casefold() == name.casefold():
                raise EditError(f"Pelaksana '{other}' sudah ada.")
        return name

    def add_actor(self, name: str, position: int | None = None) -> int:
        """Add an actor as column ``position`` (1-based; default: last). Returns its column."""
        name = self._new_actor_name(name)
        new = self._copy()
        index = len(new.actors) if position is None else max(0, min(position - 1, len(new.actors)))
        new.actors.insert(index, name)
        self._commit(new, f"Tambah pelaksana {name}")
        return index + 1

    def rename_actor(self, actor: str | int, name: str) -> None:
        """Rename an actor (by name or column); every step of that actor follows."""
        index = self._actor_index(actor)
        name = self._new_actor_name(name, ignore=index)
        new = self._copy()
        old = new.actors[index]
        new.actors[index] = name
        for step in new.steps:
            if step.actor == old:
                step.actor = name
        self._commit(new, f"Ganti nama pelaksana {old} menjadi {name}")

    def move_actor(self, actor: str | int, column: int) -> None:
        """Move an actor to ``column`` (1-based); the flowchart columns follow."""
        index = self._actor_index(actor)
        if not 1 <= column <= len(self.sop.actors):
            raise EditError(f"Kolom {column} di luar 1..{len(self.sop.actors)}.")
        new = self._copy()
        name = new.actors.pop(index)
        new.actors.insert(column - 1, name)
        self._commit(new, f"Pindah pelaksana {name} ke kolom {column}")

    def remove_actor(self, actor: str | int) -> None:
        """Remove an actor that no step uses."""
        index = self._actor_index(actor)
        name = self.sop.actors[index]
        used = [n for n, s in enumerate(self.sop.steps, start=1) if s.actor == name]
        if used:
            where = ", ".join(str(n) for n in used[:5])
            raise EditError(
                f"Pelaksana '{name}' masih dipakai langkah {where}; "
                "ganti pelaksana langkah itu dulu."
            )
        new = self._copy()
        del new.actors[index]
        self._commit(new, f"Hapus pelaksana {name}")

    # -- steps --------------------------------------------------------------------------------

    def _blank_step(self, after: int | None) -> Step:
        steps = self.sop.steps
        actor = ""
        if after is not None and 1 <= after <= len(steps):
            actor = steps[after - 1].actor
        elif self.sop.actors:
            actor = self.sop.actors[0]
        kind = "start" if not steps else "process"
        return Step(activity="", actor=actor, kind=kind)

    def insert_step(self, number: int, step: Step | None = None) -> int:
        """Insert ``step`` (default: an empty one with the previous step's actor) so that it
        gets ``number`` (1..n+1). Branches of the other steps keep their activities."""
        n = len(self.sop.steps)
        if not 1 <= number <= n + 1:
            raise EditError(f"Nomor langkah {number} di luar 1..{n + 1}.")
        new_step = step if step is not None else self._blank_step(number - 1)
        self._commit(flow.insert_step(self.sop, number, new_step), f"Sisipkan langkah {number}")
        return number

    def append_step(self, step: Step | None = None) -> int:
        """Add a step at the end; returns its number."""
        return self.insert_step(len(self.sop.steps) + 1, step)

    def move_step(self, number: int, new_number: int) -> None:
        """Move step ``number`` so that it becomes ``new_number``."""
        self._step_check(number)
        self._step_check(new_number)
        if number == new_number:
            return
        self._commit(
            flow.move_step(self.sop, number, new_number),
            f"Pindah langkah {number} ke {new_number}",
        )

    def delete_step(self, number: int) -> None:
        """Delete step ``number``; branches to it go to the step that takes its place."""
        self._step_check(number)
        self._commit(flow.delete_step(self.sop, number), f"Hapus langkah {number}")

    def _step_check(self, number: int) -> None:
        if not 1 <= number <= len(self.sop.steps):
            raise EditError(f"Tidak ada langkah {number}.")

    def set_step_field(self, number: int, name: str, value: Any) -> None:
        """Set one field of a step.

        ``actor`` takes a column number or (part of) a name (see :func:`resolve_actor`); any
        other text is kept as typed (the checks report an unknown actor);
        ``kind`` one of start/process/decision/end; ``if_yes``/``if_no``/``next`` a step number
        (int or digits) or empty for the default; ``requirements`` a list of texts or one text
        with items separated by ``;``; the others text.
        """
        self._step_check(number)
        new = self._copy()
        step = new.steps[number - 1]
        spec = _STEP_SPECS_BY_KEY.get(name)
        if spec is None:
            raise EditError(f"Bidang langkah tidak dikenal: {name}.")
        setattr(step, name, _step_value(spec, value, new))
        self._commit(new, f"Ubah {spec.label} langkah {number}",
                     key=f"steps.{number}.{name}")


def _path_label(path: str) -> str:
    """The label a user reads for an SOP field path ("dates.created" -> its part's label),
    from the declaration (workshop.fields)."""
    key, _, part = path.partition(".")
    spec = next((s for s in SOP_FIELDS if s.key == key), None)
    if spec is None:
        return path
    if part:
        sub = next((p for p in spec.parts if p.key == part), None)
        return f"{spec.label}: {sub.label}" if sub is not None else spec.label
    return spec.label


def _step_value(spec: FieldSpec, value: Any, sop: Sop) -> Any:
    """A typed value of step field ``spec`` as the model holds it (by its value kind)."""
    kind = spec.kind
    if kind == "actor":
        # Typed text is never thrown away: a name that is not (yet) an actor is kept as
        # written, and the checks report it (actor-unknown) until it is added or fixed.
        text = " ".join(str(value).split())
        return resolve_actor(sop, text) or text
    if kind == "choice":
        choice = str(value).strip()
        if choice not in spec.choices:
            *first, last = spec.choices
            raise EditError(f"{spec.label} langkah: {', '.join(first)} atau {last}.")
        return choice
    if kind == "step":
        return _target(value, len(sop.steps))
    if kind == "list":
        return _items(value.split(";") if isinstance(value, str) else value)
    return _text(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _items(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    return [t for t in (_text(v) for v in value) if t]


def _target(value: Any, n: int) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1:
        raise EditError(f"Tujuan '{text}' bukan nomor langkah. Tuliskan nomor 1..{n}.")
    return int(text)


# ---------------------------------------------------------------------------------------------
# Changes for the store
# ---------------------------------------------------------------------------------------------


def field_changes(old: Sop, new: Sop) -> list[tuple[str, Any, Any]]:
    """What changed from ``old`` to ``new`` as ``(path, old value, new value)``.

    Paths follow ``store.FieldChange``: "title", "dates.created", "legal_basis" (whole list),
    "actors", "steps.3.time" (1-based). When the number of steps differs the whole "steps" list
    is one change (a structural edit); otherwise each changed step field is its own change.
    """
    out: list[tuple[str, Any, Any]] = []
    for name in (*SCALAR_FIELDS, *LIST_FIELDS):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append((name, copy.deepcopy(a), copy.deepcopy(b)))
    for group, names in GROUP_FIELDS.items():
        ga, gb = getattr(old, group), getattr(new, group)
        for name in names:
            a, b = getattr(ga, name), getattr(gb, name)
            if a != b:
                out.append((f"{group}.{name}", a, b))
    if len(old.steps) != len(new.steps):
        out.append(("steps", copy.deepcopy(old.steps), copy.deepcopy(new.steps)))
        return out
    for number, (sa, sb) in enumerate(zip(old.steps, new.steps, strict=True), start=1):
        for f in dataclasses.fields(Step):
            if not f.compare:
                continue
            a, b = getattr(sa, f.name), getattr(sb, f.name)
            if a != b:
                out.append((f"steps.{number}.{f.name}", copy.deepcopy(a), copy.deepcopy(b)))
    return out
