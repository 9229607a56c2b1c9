"""Hand-off (keselarasan) check across the SOPs of a unit and across units. Pure: no I/O.

Three findings, all warnings with the principle *keselarasan*:

``handoff-unlinked``
    A step of SOP A gives an output that a step of SOP B lists as a kelengkapan (input). Both
    SOPs should name each other in Keterkaitan. Reported on each side that lacks the link, once
    per (SOP, other title), with the step where the hand-off happens. Copies of one SOP (same
    title, e.g. a general SOP adopted by many units) never hand off to each other.
``related-not-in-workshop``
    A Keterkaitan entry that names no SOP of the workshop (any unit); a close title is offered
    when there is one. An entry naming only retired (dicabut) SOPs says so.
``overlap-units``
    Tumpang tindih: steps of SOPs in two different units give the same output to the same
    position (the actor of a following step when it is another position; the step's own actor
    when it ends the SOP; a step passing work to its own actor gives nothing away).
    Copies of one general SOP (same template, or classified *generik*) are expected to repeat in
    every unit and are not reported. Reported once per SOP, naming the other units.

Texts are matched after :func:`workshop.needs.normalise` (case, accents, punctuation and
digits ignored); titles in Keterkaitan the same way. Retired SOPs take no part in hand-offs.
Work grows with the number of distinct texts, not with the square of the SOPs, so a
province-scale workshop is checked in one pass.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from workshop import flow
from workshop.model import SopRecord, Unit
from workshop.needs import normalise
from workshop.pedoman import Pedoman, load_pedoman
from workshop.rules import WARNING, Finding

__all__ = [
    "PRINCIPLE_ID",
    "HandoffFinding",
    "SopRef",
    "check_handoffs",
    "findings_for",
]

PRINCIPLE_ID: Final = "keselarasan"
RETIRED: Final = "dicabut"
_MAX_NAMED_UNITS: Final = 3


@dataclass(frozen=True)
class SopRef:
    """An SOP of the workshop: its unit (slug and name), id and title."""

    unit: str
    unit_name: str
    sop_id: str
    title: str


@dataclass(frozen=True)
class HandoffFinding:
    """A finding about one SOP (``where``) with the SOPs it concerns (``others``)."""

    where: SopRef
    finding: Finding
    others: tuple[SopRef, ...] = ()


@dataclass(frozen=True)
class _Entry:
    ref: SopRef
    record: SopRecord
    title_key: str
    related: frozenset[str]
    generic: bool


def _entries(units: Sequence[tuple[Unit, Sequence[SopRecord]]]) -> list[_Entry]:
    out: list[_Entry] = []
    for unit, records in units:
        for record in records:
            sop = record.sop
            out.append(
                _Entry(
                    ref=SopRef(unit.slug, unit.name, record.id, sop.title),
                    record=record,
                    title_key=normalise(sop.title),
                    related=frozenset(normalise(t) for t in sop.related if t.strip()),
                    generic=sop.classification.generality == "generik",
                )
            )
    return out


def _units_text(refs: Iterable[SopRef], exclude: str | None = None) -> str:
    names: list[str] = []
    for ref in refs:
        if ref.unit != exclude and ref.unit_name not in names:
            names.append(ref.unit_name)
    same = exclude is not None and any(r.unit == exclude for r in refs)
    if not names:
        return " di unit ini" if same else ""
    if len(names) > _MAX_NAMED_UNITS:
        shown = ", ".join(names[:_MAX_NAMED_UNITS])
        text = f" di unit {shown} dan {len(names) - _MAX_NAMED_UNITS} unit lain"
    else:
        text = " di unit " + ", ".join(names)
    return (" di unit ini dan" + text[3:]) if same else text


class _Collector:
    def __init__(self, pedoman: Pedoman) -> None:
        self.principle = pedoman.principle(PRINCIPLE_ID).name
        self.out: list[HandoffFinding] = []

    def add(self, where: SopRef, code: str, message: str, *, step: int | None,
            field: str, others: Sequence[SopRef] = ()) -> None:
        finding = Finding(WARNING, code, message, self.principle, step=step, field=field)
        self.out.append(HandoffFinding(where, finding, tuple(others)))


def _handoffs(entries: list[_Entry], col: _Collector) -> None:
    # normalised text -> [(entry index, step number, original text)]
    produced: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    needed: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for i, entry in enumerate(entries):
        if entry.record.status == RETIRED:
            continue
        for number, step in enumerate(entry.record.sop.steps, start=1):
            key = normalise(step.output)
            if key:
                produced[key].append((i, number, step.output.strip()))
            for req in step.requirements:
                rkey = normalise(req)
                if rkey:
                    needed[rkey].append((i, number, req.strip()))
    # (entry index, other title key) -> (step, text, other refs); first step wins
    as_producer: dict[tuple[int, str], tuple[int, str, list[SopRef]]] = {}
    as_consumer: dict[tuple[int, str], tuple[int, str, list[SopRef]]] = {}
    for key, producers in produced.items():
        consumers = needed.get(key)
        if not consumers:
            continue
        by_title_c: dict[str, list[SopRef]] = defaultdict(list)
        for ci, _, _ in consumers:
            refs = by_title_c[entries[ci].title_key]
            if entries[ci].ref not in refs:
                refs.append(entries[ci].ref)
        by_title_p: dict[str, list[SopRef]] = defaultdict(list)
        for pi, _, _ in producers:
            refs = by_title_p[entries[pi].title_key]
            if entries[pi].ref not in refs:
                refs.append(entries[pi].ref)
        for pi, number, text in producers:
            me = entries[pi]
            for title_key, refs in by_title_c.items():
                if title_key == me.title_key or title_key in me.related:
                    continue
                slot = as_producer.setdefault((pi, title_key), (number, text, []))
                slot[2].extend(r for r in refs if r not in slot[2])
        for ci, number, text in consumers:
            me = entries[ci]
            for title_key, refs in by_title_p.items():
                if title_key == me.title_key or title_key in me.related:
                    continue
                slot = as_consumer.setdefault((ci, title_key), (number, text, []))
                slot[2].extend(r for r in refs if r not in slot[2])
    for (i, _), (number, text, refs) in as_producer.items():
        ref = entries[i].ref
        title = refs[0].title
        col.add(ref, "handoff-unlinked",
                f'Output "{text}" (langkah {number}) menjadi kelengkapan SOP "{title}"'
                f"{_units_text(refs, ref.unit)}. Tambahkan \"{title}\" ke Keterkaitan agar "
                "kedua SOP saling merujuk.",
                step=number, field="related", others=refs)
    for (i, _), (number, text, refs) in as_consumer.items():
        ref = entries[i].ref
        title = refs[0].title
        col.add(ref, "handoff-unlinked",
                f'Kelengkapan "{text}" (langkah {number}) adalah output SOP "{title}"'
                f"{_units_text(refs, ref.unit)}. Tambahkan \"{title}\" ke Keterkaitan agar "
                "kedua SOP saling merujuk.",
                step=number, field="related", others=refs)


def _related_unknown(entries: list[_Entry], col: _Collector) -> None:
    live: dict[str, str] = {}
    retired: set[str] = set()
    for entry in entries:
        if not entry.title_key:
            continue
        if entry.record.status == RETIRED:
            retired.add(entry.title_key)
        else:
            live.setdefault(entry.title_key, entry.ref.title)
    keys = list(live)
    for entry in entries:
        if entry.record.status == RETIRED:
            continue
        for title in entry.record.sop.related:
            key = normalise(title)
            if not key or key in live:
                continue
            if key in retired:
                message = (f'Keterkaitan "{title.strip()}" menunjuk SOP yang sudah dicabut. '
                           "Hapus dari Keterkaitan atau ganti dengan SOP penggantinya.")
            else:
                close = difflib.get_close_matches(key, keys, n=1, cutoff=0.9)
                hint = (f' Mungkin maksudnya "{live[close[0]]}"?' if close else
                        " Periksa penulisan judulnya, atau susun SOP tersebut.")
                message = (f'Keterkaitan "{title.strip()}" tidak menyebut SOP mana pun di '
                           f"workshop ini.{hint}")
            col.add(entry.ref, "related-not-in-workshop", message, step=None, field="related")


def _receivers(record: SopRecord, number: int) -> set[str]:
    sop = record.sop
    try:
        nexts = flow.successors(sop, number)
    except (IndexError, ValueError):
        nexts = []
    own = sop.steps[number - 1].actor
    if not nexts:  # the last step hands its output over at the end of the SOP
        return {normalise(own)} - {""}
    actors = {sop.steps[n - 1].actor for n, _ in nexts if 1 <= n <= len(sop.steps)}
    return {normalise(a) for a in actors if normalise(a) != normalise(own)} - {""}


def _overlaps(entries: list[_Entry], col: _Collector) -> None:
    # (output key, receiver key) -> [(entry index, step, output text)]
    groups: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
    receiver_names: dict[str, str] = {}
    for i, entry in enumerate(entries):
        record = entry.record
        if record.status == RETIRED or entry.generic:
            continue
        for number, step in enumerate(record.sop.steps, start=1):
            key = normalise(step.output)
            if not key:
                continue
            for receiver in sorted(_receivers(record, number)):
                groups[(key, receiver)].append((i, number, step.output.strip()))
        for actor in record.sop.actors:
            receiver_names.setdefault(normalise(actor), actor.strip())
    seen: set[tuple[int, str]] = set()
    for (_, receiver), members in groups.items():
        units = {entries[i].ref.unit for i, _, _ in members}
        if len(units) < 2:
            continue
        for i, number, text in members:
            me = entries[i]
            others = [
                entries[j].ref for j, _, _ in members
                if entries[j].ref.unit != me.ref.unit
                and not (me.record.template and entries[j].record.template == me.record.template)
            ]
            if not others or (i, me.ref.unit) in seen:
                continue
            seen.add((i, me.ref.unit))
            unique: list[SopRef] = []
            for ref in others:
                if ref not in unique:
                    unique.append(ref)
            titles = ", ".join(f'"{r.title}"' for r in unique[:_MAX_NAMED_UNITS])
            more = (f" dan {len(unique) - _MAX_NAMED_UNITS} SOP lain"
                    if len(unique) > _MAX_NAMED_UNITS else "")
            col.add(me.ref, "overlap-units",
                    f'Tumpang tindih: langkah {number} memberikan "{text}" kepada '
                    f'{receiver_names.get(receiver, receiver)}, sama dengan SOP {titles}{more}'
                    f"{_units_text(unique)}. Sepakati unit mana yang menjalankannya.",
                    step=number, field=f"steps.{number}.output", others=unique)


def check_handoffs(
    units: Sequence[tuple[Unit, Sequence[SopRecord]]], *, pedoman: Pedoman | None = None
) -> list[HandoffFinding]:
    """All keselarasan findings of the workshop's SOPs, ordered by unit, SOP, then step."""
    entries = _entries(units)
    col = _Collector(pedoman or load_pedoman())
    _handoffs(entries, col)
    _related_unknown(entries, col)
    _overlaps(entries, col)
    order = {(e.ref.unit, e.ref.sop_id): n for n, e in enumerate(entries)}
    codes = {"related-not-in-workshop": 0, "handoff-unlinked": 1, "overlap-units": 2}
    return sorted(
        col.out,
        key=lambda h: (order.get((h.where.unit, h.where.sop_id), 0), codes[h.finding.code],
                       h.finding.step or 0),
    )


def findings_for(findings: Sequence[HandoffFinding], unit: str, sop_id: str) -> list[Finding]:
    """The findings about one SOP (for the SOP's own list of findings)."""
    return [h.finding for h in findings if h.where.unit == unit and h.where.sop_id == sop_id]
