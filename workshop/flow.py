"""The flow graph of an SOP: successors, reachability, total times, and renumbering.

Step numbers are 1-based positions in ``Sop.steps`` (see ``model``). The edges of a step:

- ``start`` / ``process``: ``next`` if set, otherwise the next step (if there is one);
- ``decision``: ``if_yes`` (default: the next step), labelled "Ya", and ``if_no``, labelled
  "Tidak", when set;
- ``end``: none.

A target outside 1..n is never an edge; :func:`bad_targets` lists such targets so the checks can
report them. Fields a kind does not use (``next`` on a decision, ``if_no`` on a process) are
ignored here, but an out-of-range value in them is still listed by :func:`bad_targets`.

Times (:func:`total_times`) use :mod:`workshop.duration`: a step's Waktu that cannot be read
counts as 0 and is listed in ``unparsed``; an empty Waktu counts as 0 and is listed in
``missing``.

The renumbering helpers (:func:`delete_step`, :func:`insert_step`, :func:`move_step`) return a
new ``Sop`` and never change their input. Every explicit branch (``if_yes``, ``if_no``,
``next``) keeps pointing at the same activity; implicit "next step" flow follows the new order,
which is what inserting or moving a step means. Targets outside 1..n stay outside (they stay
reported by :func:`bad_targets`): they are left as they are, except that inserting a step
shifts a target past the end by one, so the new step does not silently become its target.
"""

from __future__ import annotations

import copy
import heapq
from dataclasses import dataclass, field
from typing import Final

from workshop.duration import try_parse_duration
from workshop.model import Sop, Step

__all__ = [
    "BRANCH_FIELDS",
    "FlowTimes",
    "bad_targets",
    "can_reach_end",
    "dead_end_steps",
    "delete_step",
    "insert_step",
    "move_step",
    "reachable",
    "start_step",
    "step_minutes",
    "successors",
    "time_per_actor",
    "total_times",
    "unreachable_steps",
]

BRANCH_FIELDS: Final[tuple[str, ...]] = ("if_yes", "if_no", "next")
YES: Final = "Ya"
NO: Final = "Tidak"


# ---------------------------------------------------------------------------------------------
# Graph
# ---------------------------------------------------------------------------------------------


def _successors(steps: list[Step], number: int) -> list[tuple[int, str | None]]:
    n = len(steps)
    if not 1 <= number <= n:
        return []
    step = steps[number - 1]
    if step.kind == "end":
        return []
    out: list[tuple[int, str | None]] = []
    if step.kind == "decision":
        yes = step.if_yes if step.if_yes is not None else number + 1
        if 1 <= yes <= n:
            out.append((yes, YES))
        if step.if_no is not None and 1 <= step.if_no <= n:
            out.append((step.if_no, NO))
        return out
    target = step.next if step.next is not None else number + 1
    if 1 <= target <= n:
        out.append((target, None))
    return out


def successors(sop: Sop, number: int) -> list[tuple[int, str | None]]:
    """The steps that follow step ``number``: ``[(target, label)]``.

    The label is "Ya" / "Tidak" for a decision's branches and None otherwise. A number outside
    1..n has no successors.
    """
    return _successors(sop.steps, number)


def _graph(sop: Sop) -> list[list[int]]:
    """Adjacency lists indexed by step number (index 0 unused); the targets of
    :func:`_successors`, built in one pass (the exports compute this for every SOP)."""
    steps = sop.steps
    n = len(steps)
    graph: list[list[int]] = [[]]
    for number, step in enumerate(steps, start=1):
        kind = step.kind
        if kind == "end":
            graph.append([])
        elif kind == "decision":
            yes = step.if_yes if step.if_yes is not None else number + 1
            no = step.if_no
            out = [yes] if 1 <= yes <= n else []
            if no is not None and 1 <= no <= n:
                out.append(no)
            graph.append(out)
        else:
            target = step.next if step.next is not None else number + 1
            graph.append([target] if 1 <= target <= n else [])
    return graph


def bad_targets(sop: Sop) -> list[tuple[int, str, int]]:
    """Branches to steps that do not exist: ``[(step, field, target)]``.

    ``field`` is "if_yes", "if_no" or "next"; every set value outside 1..n is listed, in step
    order and then in that field order.
    """
    n = len(sop.steps)
    out: list[tuple[int, str, int]] = []
    for number, step in enumerate(sop.steps, start=1):
        for name in BRANCH_FIELDS:
            target: int | None = getattr(step, name)
            if target is not None and not 1 <= target <= n:
                out.append((number, name, target))
    return out


def start_step(sop: Sop) -> int | None:
    """The step the flow starts at: 1, or None for an SOP without steps."""
    return 1 if sop.steps else None


def _reach(graph: list[list[int]], starts: list[int]) -> set[int]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for t in graph[stack.pop()]:
            if t not in seen:
                seen.add(t)
                stack.append(t)
    return seen


def reachable(sop: Sop, start: int = 1) -> set[int]:
    """Steps reachable from ``start`` (``start`` included); empty if ``start`` does not exist."""
    if not 1 <= start <= len(sop.steps):
        return set()
    return _reach(_graph(sop), [start])


def can_reach_end(sop: Sop) -> set[int]:
    """Steps from which some ``end`` step can be reached (the end steps included)."""
    graph = _graph(sop)
    reverse: list[list[int]] = [[] for _ in graph]
    for source, targets in enumerate(graph):
        for t in targets:
            reverse[t].append(source)
    ends = [i for i, s in enumerate(sop.steps, start=1) if s.kind == "end"]
    return _reach(reverse, ends)


def unreachable_steps(sop: Sop) -> list[int]:
    """Steps that cannot be reached from the start, in order."""
    seen = reachable(sop)
    return [i for i in range(1, len(sop.steps) + 1) if i not in seen]


def dead_end_steps(sop: Sop) -> list[int]:
    """Reachable steps from which no ``end`` step can be reached, in order.

    In an SOP without any ``end`` step every reachable step is a dead end.
    """
    ok = can_reach_end(sop)
    return sorted(reachable(sop) - ok)


# ---------------------------------------------------------------------------------------------
# Times
# ---------------------------------------------------------------------------------------------


@dataclass
class FlowTimes:
    """Total times of an SOP's flow, in minutes of working time (see ``duration``).

    - ``yes_path``: the time of the path from step 1 that takes "Ya" at every decision until an
      ``end`` step. None when that path never reaches an end: it runs into a loop (a step comes
      back), a dead end, or a missing target. ``yes_path_steps`` always holds the steps it
      visited, in order (up to the loop or dead end), so a screen can highlight them.
    - ``shortest``: the quickest way from step 1 to any ``end`` step (exact; a shortest path
      never repeats a step). None when no end can be reached.
    - ``longest``: the slowest path from step 1 to an ``end`` step that does not take a
      loop-back branch. Loop-back branches are found by a depth-first walk from step 1 that
      tries the next step / "Ya" before "Tidak": a branch to a step still on the walk is a loop
      back (typically "Tidak: kembali ke langkah 3"). Each step counts at most once. None when
      no end can be reached.
    - ``unparsed``: steps whose Waktu is filled in but cannot be read (counted as 0).
    - ``missing``: steps whose Waktu is empty (counted as 0).
    """

    yes_path: float | None
    shortest: float | None
    longest: float | None
    yes_path_steps: list[int] = field(default_factory=list)
    unparsed: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)


def step_minutes(step: Step) -> float | None:
    """The step's Waktu in minutes, or None when it is empty or cannot be read."""
    return try_parse_duration(step.time) if step.time.strip() else None


def _yes_path(sop: Sop) -> tuple[list[int], bool]:
    """Steps of the all-"Ya" path from step 1, and whether it ends at an ``end`` step."""
    steps = sop.steps
    n = len(steps)
    path: list[int] = []
    seen: set[int] = set()
    current = 1
    while current not in seen:
        path.append(current)
        seen.add(current)
        step = steps[current - 1]
        if step.kind == "end":
            return path, True
        # The "Ya" branch of a decision, the only edge of anything else (see _successors).
        target = step.if_yes if step.kind == "decision" else step.next
        current = target if target is not None else current + 1
        if not 1 <= current <= n:
            return path, False
    return path, False


def _dag_longest(graph: list[list[int]], weight: list[float], is_end: list[bool]) -> float | None:
    """Longest start-to-end path over the graph without its DFS back edges (start = 1)."""
    n = len(graph) - 1
    # Iterative DFS from 1: colour 0 new, 1 on the stack, 2 done. ``order`` is the post-order.
    colour = [0] * (n + 1)
    order: list[int] = []
    forward: list[list[int]] = [[] for _ in range(n + 1)]
    colour[1] = 1
    nodes = [1]  # the walk's stack, and beside it how many targets of each node were tried
    tried = [0]
    while nodes:
        node = nodes[-1]
        i = tried[-1]
        targets = graph[node]
        if i < len(targets):
            tried[-1] = i + 1
            t = targets[i]
            if colour[t] == 1:
                continue  # loop back
            forward[node].append(t)
            if colour[t] == 0:
                colour[t] = 1
                nodes.append(t)
                tried.append(0)
        else:
            colour[node] = 2
            order.append(node)
            nodes.pop()
            tried.pop()
    # Post-order visits every successor before its predecessor: a topological order reversed.
    best: list[float | None] = [None] * (n + 1)
    for node in order:
        if is_end[node]:
            best[node] = weight[node]
            continue
        tails = [b for t in forward[node] if (b := best[t]) is not None]
        if tails:
            best[node] = weight[node] + max(tails)
    return best[1]


def _shortest(graph: list[list[int]], weight: list[float], is_end: list[bool]) -> float | None:
    """Dijkstra from step 1 with the time of each step as the cost of entering it."""
    dist: dict[int, float] = {1: weight[1]}
    heap: list[tuple[float, int]] = [(weight[1], 1)]
    done: set[int] = set()
    while heap:
        d, node = heapq.heappop(heap)
        if node in done:
            continue
        if is_end[node]:
            return d
        done.add(node)
        for t in graph[node]:
            nd = d + weight[t]
            if t not in done and nd < dist.get(t, float("inf")):
                dist[t] = nd
                heapq.heappush(heap, (nd, t))
    return None


def total_times(sop: Sop) -> FlowTimes:
    """The Ya-path, shortest and longest total times of the flow (see :class:`FlowTimes`)."""
    steps = sop.steps
    if not steps:
        return FlowTimes(yes_path=None, shortest=None, longest=None)
    weight = [0.0]
    unparsed: list[int] = []
    missing: list[int] = []
    for number, step in enumerate(steps, start=1):
        if not step.time.strip():
            missing.append(number)
            weight.append(0.0)
            continue
        minutes = try_parse_duration(step.time)
        if minutes is None:
            unparsed.append(number)
            minutes = 0.0
        weight.append(minutes)
    is_end = [False] + [s.kind == "end" for s in steps]
    graph = _graph(sop)
    path, ends = _yes_path(sop)
    return FlowTimes(
        yes_path=sum(weight[i] for i in path) if ends else None,
        shortest=_shortest(graph, weight, is_end),
        longest=_dag_longest(graph, weight, is_end),
        yes_path_steps=path,
        unparsed=unparsed,
        missing=missing,
    )


def time_per_actor(sop: Sop) -> dict[str, float]:
    """Minutes of all steps of each actor (steps whose Waktu cannot be read count as 0).

    Keys follow ``sop.actors`` (an actor without steps gets 0); an actor used by a step but not
    listed in ``actors`` comes after them, in the order of first use.
    """
    totals: dict[str, float] = dict.fromkeys(sop.actors, 0.0)
    for step in sop.steps:
        totals[step.actor] = totals.get(step.actor, 0.0) + (step_minutes(step) or 0.0)
    return totals


# ---------------------------------------------------------------------------------------------
# Renumbering
# ---------------------------------------------------------------------------------------------


def _renumbered(
    sop: Sop, order: list[int | None], new_step: Step | None, deleted: int | None
) -> Sop:
    """A copy of ``sop`` whose steps are the old steps in ``order`` (None: ``new_step``).

    Explicit targets are mapped to the new number of the same old step; a target at the
    ``deleted`` step goes to the step now at that number, or None if there is none.
    A target past the end names a step not written yet (typed ahead, e.g. "Tidak ke 5" with
    three steps): it is kept as typed, so it points at that step once it is written.
    """
    old_n = len(sop.steps)
    result = copy.deepcopy(sop)
    old_steps = result.steps
    position = {old: new for new, old in enumerate(order, start=1) if old is not None}
    new_n = len(order)

    def remap(target: int | None) -> int | None:
        if target is None or target < 1:
            return target
        if target > old_n:  # a step not written yet: the number as typed
            return target
        if target == deleted:
            return target if target <= new_n else None
        return position[target]

    steps: list[Step] = []
    for old in order:
        if old is None:
            assert new_step is not None
            steps.append(copy.deepcopy(new_step))
            continue
        step = old_steps[old - 1]
        step.if_yes = remap(step.if_yes)
        step.if_no = remap(step.if_no)
        step.next = remap(step.next)
        steps.append(step)
    result.steps = steps
    return result


def _check(number: int, low: int, high: int) -> None:
    if not low <= number <= high:
        raise IndexError(f"Nomor langkah {number} di luar rentang {low}..{high}.")


def delete_step(sop: Sop, number: int) -> Sop:
    """A copy of ``sop`` without step ``number``.

    Branches to later steps still point at the same activities (their numbers go down by one).
    A branch that pointed at the deleted step now points at the step that takes its place
    (the one that followed it), or is cleared (None) when the deleted step was the last one.
    Raises IndexError when there is no such step.
    """
    _check(number, 1, len(sop.steps))
    order: list[int | None] = [i for i in range(1, len(sop.steps) + 1) if i != number]
    return _renumbered(sop, order, None, number)


def insert_step(sop: Sop, number: int, step: Step) -> Sop:
    """A copy of ``sop`` with ``step`` inserted so that it gets ``number`` (1..n+1).

    Explicit branches of the other steps keep pointing at the same activities. The inserted
    step's own targets are kept as given, i.e. read in the new numbering. Raises IndexError
    when ``number`` is outside 1..n+1.
    """
    n = len(sop.steps)
    _check(number, 1, n + 1)
    order: list[int | None] = list(range(1, n + 1))
    order.insert(number - 1, None)
    return _renumbered(sop, order, step, None)


def move_step(sop: Sop, number: int, new_number: int) -> Sop:
    """A copy of ``sop`` with step ``number`` moved so that it gets ``new_number``.

    Explicit branches keep pointing at the same activities. Raises IndexError when either
    number is outside 1..n.
    """
    n = len(sop.steps)
    _check(number, 1, n)
    _check(new_number, 1, n)
    order: list[int | None] = list(range(1, n + 1))
    order.pop(number - 1)
    order.insert(new_number - 1, number)
    return _renumbered(sop, order, None, None)
