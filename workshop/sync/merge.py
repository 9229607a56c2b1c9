"""Three-way merge of two workshops at the level of their records, not of text.

A workshop's state (``State``) is its records keyed by id: the event, units (by slug), team
members, sessions, votes, and per unit its needs rows, existing SOPs and SOP records. For each
record: unchanged on one side -> the other side's version (a deletion included); changed the
same way on both -> that; changed differently on both -> field by field with the store's own
rule (``store.apply_field_change``, the rule of ``edit_sop``): every field the remote changed
since the base is applied to the local record as a ``FieldChange(path, base, remote)``, so
different fields (even of the same step) merge, and the same field changed to different values
is a ``Conflict`` with both values. A record deleted on one side and changed on the other, or
added on both with different content, is a conflict of the whole record.

A conflict is never decided silently: ``choices`` maps a conflict's ``key`` to ``LOCAL`` or
``REMOTE``; without a choice the local value stays in the result and the conflict is returned,
and the caller stores nothing.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from workshop.model import Event, ExistingSop, Member, NeedRow, Session, SopRecord, Unit, Vote
from workshop.store import FieldChange, StoreConflict, apply_field_change

LOCAL: Final = "lokal"
REMOTE: Final = "remote"


@dataclass
class UnitState:
    needs: dict[str, NeedRow] = field(default_factory=dict)
    existing: dict[str, ExistingSop] = field(default_factory=dict)
    sops: dict[str, SopRecord] = field(default_factory=dict)


@dataclass
class State:
    """A workshop's records by id; ``unit_data`` holds the units that were read."""

    event: Event = field(default_factory=Event)
    units: dict[str, Unit] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    votes: dict[str, Vote] = field(default_factory=dict)
    unit_data: dict[str, UnitState] = field(default_factory=dict)


def vote_key(vote: Vote) -> str:
    return f"{vote.unit}/{vote.member}/{vote.need}"


def state_of(bundle: Any) -> State:
    """A ``State`` from what ``bundle.read_bundle`` returns."""
    return State(
        event=bundle.event,
        units={u.slug: u for u in bundle.units},
        members={m.id: m for m in bundle.members},
        sessions={s.id: s for s in bundle.sessions},
        votes={vote_key(v): v for v in bundle.votes},
        unit_data={
            slug: UnitState(
                needs={n.id: n for n in ub.needs},
                existing={x.id: x for x in ub.existing},
                sops={r.id: r for r in ub.records},
            )
            for slug, ub in bundle.unit_data.items()
        },
    )


@dataclass(frozen=True)
class Conflict:
    """The same thing changed differently on both sides. ``key`` names it for a choice
    (``dinas-kesehatan/sop-003:sop.title``, ``workshop/event:title``); ``path`` is the field
    ('' for the whole record); ``local`` and ``remote`` are both values (None: deleted)."""

    key: str
    path: str
    local: Any
    remote: Any


@dataclass
class MergeResult:
    state: State
    conflicts: list[Conflict] = field(default_factory=list)
    incoming: list[str] = field(default_factory=list)  # keys of records the remote changed


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def diff_paths(base: Any, theirs: Any, ours: Any, prefix: str = "") -> list[str]:
    """The field paths (as ``FieldChange`` paths) where ``theirs`` differs from ``base``:
    into dataclasses field by field, into lists element by element when the list has the same
    length on all three sides (else the whole list, as a structural edit in the store)."""
    if base == theirs:
        return []
    if (
        dataclasses.is_dataclass(base)
        and type(base) is type(theirs)
        and type(base) is type(ours)
    ):
        out: list[str] = []
        for f in dataclasses.fields(base):
            if f.compare:
                out += diff_paths(
                    getattr(base, f.name), getattr(theirs, f.name), getattr(ours, f.name),
                    _join(prefix, f.name),
                )
        return out
    if (
        prefix
        and isinstance(base, list)
        and isinstance(theirs, list)
        and isinstance(ours, list)
        and len(base) == len(theirs) == len(ours)
    ):
        out = []
        for i, (b, t, o) in enumerate(zip(base, theirs, ours, strict=True)):
            out += diff_paths(b, t, o, _join(prefix, str(i + 1)))
        return out
    return [prefix]


def value_at(root: Any, path: str) -> Any:
    obj = root
    for part in path.split(".") if path else []:
        obj = obj[int(part) - 1] if isinstance(obj, list) else getattr(obj, part)
    return obj


def merge_record(
    base: Any, ours: Any, theirs: Any, key: str, choices: Mapping[str, str],
    out: MergeResult,
) -> Any:
    """The merged record (None: deleted); conflicts are added to ``out``."""
    if ours == theirs:
        return ours
    if ours == base:
        out.incoming.append(key)
        return theirs
    if theirs == base:
        return ours
    out.incoming.append(key)
    if base is None or ours is None or theirs is None:
        choice = choices.get(key)
        if choice == REMOTE:
            return theirs
        if choice != LOCAL:
            out.conflicts.append(Conflict(key, "", ours, theirs))
        return ours
    merged = copy.deepcopy(ours)
    for path in diff_paths(base, theirs, ours):
        change = FieldChange(path, value_at(base, path), value_at(theirs, path))
        try:
            apply_field_change(merged, change)
        except StoreConflict as e:
            fkey = f"{key}:{path}"
            choice = choices.get(fkey)
            if choice == REMOTE:
                apply_field_change(merged, FieldChange(path, e.theirs, change.new))
            elif choice != LOCAL:
                out.conflicts.append(Conflict(fkey, path, e.theirs, change.new))
    return merged


def _merge_map(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], prefix: str,
    choices: Mapping[str, str], out: MergeResult,
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        value = merge_record(
            base.get(key), ours.get(key), theirs.get(key), f"{prefix}/{key}", choices, out
        )
        if value is not None:
            merged[key] = value
    return merged


def merge_states(
    base: State, ours: State, theirs: State, choices: Mapping[str, str],
    units: set[str],
) -> MergeResult:
    """Merge the workshop-level records and, of the units in ``units`` (read on all three
    sides), their records; other units' data is not in the result (the caller keeps it)."""
    out = MergeResult(State())
    out.state.event = merge_record(base.event, ours.event, theirs.event, "workshop/event",
                                   choices, out) or Event()
    out.state.units = _merge_map(base.units, ours.units, theirs.units, "workshop/unit",
                                 choices, out)
    out.state.members = _merge_map(base.members, ours.members, theirs.members,
                                   "workshop/member", choices, out)
    out.state.sessions = _merge_map(base.sessions, ours.sessions, theirs.sessions,
                                    "workshop/session", choices, out)
    out.state.votes = _merge_map(base.votes, ours.votes, theirs.votes, "workshop/vote",
                                 choices, out)
    empty = UnitState()
    for slug in sorted(units):
        b = base.unit_data.get(slug, empty)
        o = ours.unit_data.get(slug, empty)
        t = theirs.unit_data.get(slug, empty)
        out.state.unit_data[slug] = UnitState(
            needs=_merge_map(b.needs, o.needs, t.needs, f"{slug}/kebutuhan", choices, out),
            existing=_merge_map(b.existing, o.existing, t.existing, f"{slug}/sop-lama",
                                choices, out),
            sops=_merge_map(b.sops, o.sops, t.sops, slug, choices, out),
        )
    return out
