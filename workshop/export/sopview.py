"""What the Markdown table and the SVG flowchart share about one SOP.

- the actor columns (the SOP's ``actors`` in order, plus any actor a step names that the list
  lacks, so that every step has exactly one column to sit in);
- the flow edges drawn between steps (from :mod:`workshop.flow`);
- the total-time sentence printed under the flowchart.
"""

from __future__ import annotations

from workshop import flow
from workshop.duration import format_duration
from workshop.model import Sop

NO_ACTOR = "(pelaksana belum diisi)"
TOTAL_TIME_PREFIX = "Total waktu"

SYMBOL_NAMES = {
    "start": "kapsul",
    "end": "kapsul",
    "process": "kotak",
    "decision": "belah ketupat",
}


def actor_columns(sop: Sop) -> list[str]:
    """The flowchart's actor columns: ``sop.actors`` first, then unlisted actors of steps."""
    columns: list[str] = []
    for name in [*sop.actors, *(step.actor for step in sop.steps)]:
        label = name.strip() or NO_ACTOR
        if label not in columns:
            columns.append(label)
    return columns


def actor_column(sop: Sop, number: int, columns: list[str]) -> int:
    """The index in ``columns`` of the column where step ``number`` is drawn."""
    return columns.index(sop.step(number).actor.strip() or NO_ACTOR)


def kind_of(sop: Sop, number: int) -> str:
    """The step's kind, with anything unknown drawn as a process box."""
    kind = sop.step(number).kind
    return kind if kind in SYMBOL_NAMES else "process"


def edges(sop: Sop, number: int) -> list[tuple[int, str | None]]:
    """Arrows leaving step ``number``: ``(target, "Ya" | "Tidak" | None)``; valid targets only."""
    return flow.successors(sop, number)


def yes_target(sop: Sop, number: int) -> int | None:
    """Where the Ya branch of a decision leads (``if_yes`` or the next step)."""
    step = sop.step(number)
    if step.if_yes is not None:
        return step.if_yes
    return number + 1 if number < len(sop.steps) else None


def total_time_text(sop: Sop) -> str:
    """One Indonesian sentence with the SOP's total time, e.g. for the line under the table."""
    if not sop.steps:
        return f"{TOTAL_TIME_PREFIX}: -"
    times = flow.total_times(sop)
    parts: list[str] = []
    if times.yes_path is not None:
        parts.append(f"{TOTAL_TIME_PREFIX} (jalur Ya): {format_duration(times.yes_path)}")
    else:
        parts.append(f"{TOTAL_TIME_PREFIX} (jalur Ya): tidak dapat dihitung")
    if (
        times.shortest is not None
        and times.longest is not None
        and (times.shortest != times.yes_path or times.longest != times.yes_path)
    ):
        parts.append(
            f"tercepat {format_duration(times.shortest)}, terlama {format_duration(times.longest)}"
        )
    text = "; ".join(parts) + "."
    if times.unparsed:
        listed = ", ".join(str(n) for n in times.unparsed)
        text += f" Waktu langkah {listed} belum terbaca dan dihitung 0."
    return text
