"""Hand-off (keselarasan) check across the SOPs of a unit and across units. Pure: no I/O.

Three findings, all warnings with the principle *keselarasan*:

``handoff-unlinked``
    A step of SOP A gives an output that a step of SOP B lists as a kelengkapan (input). Both
    SOPs should name each other in Keterkaitan. Reported on each side that lacks the link, once
    per (SOP, other title), with the step where the hand-off happens. Copies of one SOP (same
    title, e.g. a general SOP adopted by many units) never hand off to each other, and an SOP
    that gives the text itself does not receive it from another SOP (its inner flow). A
    hand-off joins the final step of one SOP's main path (start, "Ya" at every decision) to any
    step of another, or any step to the first step of another: two steps in the middle of two
    SOPs sharing a phrase ("Permohonan tercatat") are not a hand-off.
``related-not-in-workshop``
    A Keterkaitan entry that names no SOP of the workshop (any unit); a close title is offered
    when there is one. An entry naming only retired (dicabut) SOPs says so.
``overlap-units``
    Tumpang tindih: steps on the main paths of SOPs in two different units (a rejection branch
    such as "return the incomplete file" is not the work itself) give the same output to the same
    position (the actor of a following step when it is another position; the step's own actor
    when it ends the SOP; a step passing work to its own actor gives nothing away).
    Copies of one general SOP (same template, or classified *generik*) are expected to repeat in
    every unit and are not reported. Reported once per SOP (its first such step), naming up to
    three of the other SOPs and counting the rest.

Texts are matched after :func:`normalise` (case, accents and punctuation ignored; digits
kept, so "Formulir F-1.03" differs from "Formulir F-1.07"); titles in Keterkaitan the same way.
A text that more than ``MAX_HANDOFF_TITLES`` different SOPs give or need is a common document,
not a hand-off, and is skipped. Retired SOPs take no part in hand-offs.
Work grows with the number of distinct texts, not with the square of the SOPs, so a
province-scale workshop is checked in one pass.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from workshop import flow
from workshop.model import Sop, SopRecord, Unit
from workshop.pedoman import Pedoman, load_pedoman
from workshop.rules import WARNING, Finding
from workshop.status import is_retired

__all__ = [
    "PRINCIPLE_ID",
    "HandoffFinding",
    "SopRef",
    "check_handoffs",
    "findings_for",
    "main_path",
    "normalise",
]

PRINCIPLE_ID: Final = "keselarasan"
# A text given or needed by more distinct SOP titles than this is a common document ("Surat",
# "Formulir"), not a hand-off between particular SOPs: it is not reported.
MAX_HANDOFF_TITLES: Final = 8
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
    main: frozenset[int]  # steps of the main path
    final: int  # the last step of the main path (0 when there are no steps)


@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Lowercase, accents folded, punctuation dropped (digits kept), spaces collapsed."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]+|_", " ", folded).split())


def _entries(units: Sequence[tuple[Unit, Sequence[SopRecord]]]) -> list[_Entry]:
    out: list[_Entry] = []
    for unit, records in units:
        for record in records:
            sop = record.sop
            path = main_path(sop)
            out.append(
                _Entry(
                    ref=SopRef(unit.slug, unit.name, record.id, sop.title),
                    record=record,
                    title_key=normalise(sop.title),
                    related=frozenset(normalise(t) for t in sop.related if t.strip()),
                    generic=sop.classification.generality == "generik",
                    main=frozenset(path),
                    final=path[-1] if path else 0,
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


def _by_title(entries: list[_Entry], items: Sequence[tuple[int, int, str]]
              ) -> dict[str, dict[SopRef, None]]:
    out: dict[str, dict[SopRef, None]] = defaultdict(dict)
    for index, _, _ in items:
        out[entries[index].title_key][entries[index].ref] = None
    return out


def main_path(sop: Sop) -> list[int]:
    """The steps from step 1 taking "Ya" at every decision, until an end, a dead end or a
    step already passed."""
    path: list[int] = []
    number = 1
    while 1 <= number <= len(sop.steps) and number not in path:
        path.append(number)
        nexts = flow.successors(sop, number)
        if not nexts:
            break
        number = nexts[0][0]  # a decision lists its "Ya" branch first
    return path


def _handoffs(entries: list[_Entry], col: _Collector) -> None:
    # normalised text -> [(entry index, step number, original text)]
    produced: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    needed: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for i, entry in enumerate(entries):
        if is_retired(entry.record.status):
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
    as_producer: dict[tuple[int, str], tuple[int, str, dict[SopRef, None]]] = {}
    as_consumer: dict[tuple[int, str], tuple[int, str, dict[SopRef, None]]] = {}
    for key, producers in produced.items():
        # A step needing what an earlier step of its own SOP gives is the SOP's inner flow.
        makers = {pi for pi, _, _ in producers}
        consumers = [c for c in needed.get(key, ()) if c[0] not in makers]
        if not consumers:
            continue
        # A hand-off joins the end of one SOP to anything in another, or anything in one SOP
        # to the start of another; two steps in the middles share only a common phrase.
        c_all, c_first = _by_title(entries, consumers), _by_title(
            entries, [c for c in consumers if c[1] == 1])
        p_all, p_final = _by_title(entries, producers), _by_title(
            entries, [p for p in producers if p[1] == entries[p[0]].final])
        if len(c_all) > MAX_HANDOFF_TITLES or len(p_all) > MAX_HANDOFF_TITLES:
            continue
        for pi, number, text in producers:
            me = entries[pi]
            for title_key, refs in (c_all if number == me.final else c_first).items():
                if title_key == me.title_key or title_key in me.related:
                    continue
                as_producer.setdefault((pi, title_key), (number, text, {}))[2].update(refs)
        for ci, number, text in consumers:
            me = entries[ci]
            for title_key, refs in (p_all if number == 1 else p_final).items():
                if title_key == me.title_key or title_key in me.related:
                    continue
                as_consumer.setdefault((ci, title_key), (number, text, {}))[2].update(refs)
    for pairs, role in ((as_producer, 'Output "{text}" (langkah {number}) menjadi kelengkapan'),
                        (as_consumer, 'Kelengkapan "{text}" (langkah {number}) adalah output')):
        for (i, _), (number, text, found) in pairs.items():
            ref = entries[i].ref
            others = list(found)
            title = others[0].title
            col.add(ref, "handoff-unlinked",
                    role.format(text=text, number=number) + f' SOP "{title}"'
                    f"{_units_text(others, ref.unit)}. Tambahkan \"{title}\" ke Keterkaitan "
                    "agar kedua SOP saling merujuk.",
                    step=number, field="related", others=others)


def _related_unknown(entries: list[_Entry], col: _Collector) -> None:
    live: dict[str, str] = {}
    retired: set[str] = set()
    for entry in entries:
        if not entry.title_key:
            continue
        if is_retired(entry.record.status):
            retired.add(entry.title_key)
        else:
            live.setdefault(entry.title_key, entry.ref.title)
    keys = list(live)
    for entry in entries:
        if is_retired(entry.record.status):
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
    # (output key, receiver key) -> {entry index: (step, output text)} (first step per SOP)
    groups: dict[tuple[str, str], dict[int, tuple[int, str]]] = defaultdict(dict)
    receiver_names: dict[str, str] = {}
    for i, entry in enumerate(entries):
        record = entry.record
        if is_retired(record.status) or entry.generic:
            continue
        for number, step in enumerate(record.sop.steps, start=1):
            key = normalise(step.output)
            if not key or number not in entry.main:
                continue
            for receiver in sorted(_receivers(record, number)):
                groups[(key, receiver)].setdefault(i, (number, step.output.strip()))
        for actor in record.sop.actors:
            receiver_names.setdefault(normalise(actor), actor.strip())
    reported: set[int] = set()
    for (_, receiver), members in groups.items():
        units = Counter(entries[i].ref.unit for i in members)
        if len(units) < 2:
            continue
        templates = Counter(entries[i].record.template for i in members
                            if entries[i].record.template)
        both = Counter((entries[i].ref.unit, entries[i].record.template) for i in members
                       if entries[i].record.template)
        order = list(members)
        for i, (number, text) in members.items():
            if i in reported:
                continue
            me = entries[i]
            template = me.record.template
            others_count = len(members) - units[me.ref.unit]
            if template:
                others_count -= templates[template] - both[(me.ref.unit, template)]
            if others_count <= 0:
                continue
            reported.add(i)
            sample: list[SopRef] = []
            for j in order:
                other = entries[j]
                if other.ref.unit == me.ref.unit or (template and
                                                     other.record.template == template):
                    continue
                sample.append(other.ref)
                if len(sample) == _MAX_NAMED_UNITS:
                    break
            named = ", ".join(f'"{r.title}" di unit {r.unit_name}' for r in sample)
            more = (f" dan {others_count - len(sample)} SOP lain"
                    if others_count > len(sample) else "")
            col.add(me.ref, "overlap-units",
                    f'Tumpang tindih: langkah {number} memberikan "{text}" kepada '
                    f"{receiver_names.get(receiver, receiver)}, sama dengan SOP {named}{more}. "
                    "Sepakati unit mana yang menjalankannya.",
                    step=number, field=f"steps.{number}.output", others=sample)


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
