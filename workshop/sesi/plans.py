"""Session plans (``sessions/*.yaml``): agendas with timeboxes per stage -> ``Session`` records.

A plan file (``format: rencana-sesi/1``)::

    format: rencana-sesi/1
    title: Pendampingan penyusunan SOP AP dua hari
    description: Two days in one room ...        # optional
    sessions:
      - title: "Hari 1: Sosialisasi dan penilaian kebutuhan"
        day: 1                                    # optional: day number from the start date
        agenda:
          - title: Pembukaan
            stage: persiapan                      # a stage id of templates/pedoman.yaml
            minutes: 30                           # the timebox, whole minutes
            notes: For the facilitator            # optional

The file is read with ``yaml.safe_load``; ``yaml.compose`` records the line of every value, so
a syntax error, an unknown key, an unknown stage or a wrong type is reported as
``file:line: message`` (message in Bahasa Indonesia: the file is edited by people).
No UI, no store: :func:`plan_sessions` returns ``Session`` values; the caller stores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Final, TypeVar

import yaml

from workshop import resources
from workshop.model import AgendaItem, Session
from workshop.yamllines import LinedError, LinedReader, Where, load_with_lines

PLAN_FORMAT: Final = "rencana-sesi/1"
MAX_MINUTES: Final = 24 * 60

# The five stages of the regulation; used when the guideline file cannot be read.
FALLBACK_STAGES: Final[tuple[str, ...]] = (
    "persiapan",
    "kebutuhan",
    "pengembangan",
    "penerapan",
    "monev",
)

_TOP_KEYS: Final = ("format", "title", "description", "sessions")
_TOP_REQUIRED: Final = ("format", "title", "sessions")
_SESSION_KEYS: Final = ("title", "day", "notes", "agenda")
_SESSION_REQUIRED: Final = ("title", "agenda")
_ITEM_KEYS: Final = ("title", "stage", "minutes", "notes")
_ITEM_REQUIRED: Final = ("title", "stage", "minutes")

_Where = Where
T = TypeVar("T")


class PlanError(LinedError):
    """A plan that is missing, not YAML, or not shaped as expected (``path:line: message``)."""


@dataclass(frozen=True)
class PlannedSession:
    """One meeting of a plan: its title, its day (1-based, 0 = not fixed) and its agenda."""

    title: str
    day: int
    agenda: tuple[AgendaItem, ...]
    notes: str = ""

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)


@dataclass(frozen=True)
class Plan:
    name: str  # file name without .yaml, e.g. "pendampingan-2-hari"
    title: str
    description: str
    sessions: tuple[PlannedSession, ...]


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


class _Reader(LinedReader):
    error = PlanError

    @staticmethod
    def name(where: _Where) -> str:
        parts: list[str] = []
        for w in where:
            parts.append(f"[{w + 1}]" if isinstance(w, int) else ("." if parts else "") + w)
        return "".join(parts) or "dokumen"

    def mapping(
        self, value: object, where: _Where, keys: tuple[str, ...], required: tuple[str, ...]
    ) -> Mapping[str, object]:
        if not isinstance(value, dict):
            self.fail(where, f"'{self.name(where)}' harus berupa pemetaan (kunci: nilai)")
        for k in value:
            if k not in keys:
                allowed = ", ".join(keys)
                self.fail((*where, str(k)), f"kunci '{k}' tidak dikenal (yang dikenal: {allowed})")
        for k in required:
            if k not in value:
                self.fail(where, f"kunci '{k}' wajib ada di '{self.name(where)}'")
        return value

    def seq(self, value: object, where: _Where) -> list[object]:
        if not isinstance(value, list):
            self.fail(where, f"'{self.name(where)}' harus berupa daftar")
        if not value:
            self.fail(where, f"'{self.name(where)}' tidak boleh kosong")
        return value

    def text(self, value: object, where: _Where, *, optional: bool = False) -> str:
        if optional and value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(where, f"'{self.name(where)}' harus berupa teks")
        text = str(value).strip()
        if not text and not optional:
            self.fail(where, f"'{self.name(where)}' tidak boleh kosong")
        return text

    def whole(self, value: object, where: _Where, low: int, high: int, unit: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"'{self.name(where)}' harus berupa bilangan bulat ({unit})")
        if not low <= value <= high:
            self.fail(where, f"'{self.name(where)}' harus antara {low} dan {high} {unit}")
        return value


def _stage_ids() -> tuple[str, ...]:
    try:
        from workshop.pedoman import PedomanError, load_pedoman
    except ImportError:  # pragma: no cover - the guideline module ships with the package
        return FALLBACK_STAGES
    try:
        return tuple(s.id for s in load_pedoman().stages)
    except PedomanError:
        return FALLBACK_STAGES


def parse_plan(
    text: str,
    path: str = "<rencana>",
    *,
    name: str = "",
    stages: Iterable[str] | None = None,
) -> Plan:
    """A ``Plan`` from YAML text; raises ``PlanError`` with the line of the problem.

    ``stages``: the stage ids an agenda item may name (default: those of the guideline).
    """
    try:
        data, lines = load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "bukan YAML yang sah"
        raise PlanError(path, line, f"YAML tidak sah: {problem}") from None
    r = _Reader(path, lines)
    if data is None:
        r.fail((), "berkas rencana kosong")
    known = tuple(stages) if stages is not None else _stage_ids()
    top = r.mapping(data, (), _TOP_KEYS, _TOP_REQUIRED)
    if top["format"] != PLAN_FORMAT:
        r.fail(("format",), f"format harus '{PLAN_FORMAT}'")
    sessions: list[PlannedSession] = []
    for s_index, s_value in enumerate(r.seq(top["sessions"], ("sessions",))):
        sw: _Where = ("sessions", s_index)
        s = r.mapping(s_value, sw, _SESSION_KEYS, _SESSION_REQUIRED)
        agenda: list[AgendaItem] = []
        for i_index, i_value in enumerate(r.seq(s["agenda"], (*sw, "agenda"))):
            iw: _Where = (*sw, "agenda", i_index)
            item = r.mapping(i_value, iw, _ITEM_KEYS, _ITEM_REQUIRED)
            stage = r.text(item["stage"], (*iw, "stage"))
            if stage not in known:
                r.fail((*iw, "stage"),
                       f"tahap '{stage}' tidak dikenal (yang dikenal: {', '.join(known)})")
            agenda.append(
                AgendaItem(
                    title=r.text(item["title"], (*iw, "title")),
                    stage=stage,
                    minutes=r.whole(item["minutes"], (*iw, "minutes"), 1, MAX_MINUTES, "menit"),
                    notes=r.text(item.get("notes"), (*iw, "notes"), optional=True),
                )
            )
        day = r.whole(s["day"], (*sw, "day"), 1, 3660, "hari") if "day" in s else 0
        sessions.append(
            PlannedSession(
                title=r.text(s["title"], (*sw, "title")),
                day=day,
                agenda=tuple(agenda),
                notes=r.text(s.get("notes"), (*sw, "notes"), optional=True),
            )
        )
    return Plan(
        name=name,
        title=r.text(top["title"], ("title",)),
        description=r.text(top.get("description"), ("description",), optional=True),
        sessions=tuple(sessions),
    )


def available_plans() -> list[str]:
    """Names of the plans shipped in ``sessions/`` (file names without ``.yaml``)."""
    folder = resources.sessions_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml"))


def plan_path(name: str) -> Path:
    """The file of a shipped plan, or ``name`` itself when it names a ``.yaml`` file."""
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml"):
        return candidate
    return resources.sessions_dir() / f"{name}.yaml"


def load_plan(name: str | Path, *, stages: Iterable[str] | None = None) -> Plan:
    """A shipped plan by name (``pendampingan-2-hari``) or a plan file by path.

    Raises ``PlanError``: an unknown name lists the plans that exist.
    """
    path = plan_path(str(name))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        choices = available_plans()
        hint = f" Rencana yang tersedia: {', '.join(choices)}." if choices else ""
        raise PlanError(str(path), None, f"rencana sesi tidak ditemukan.{hint}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(str(path), None, f"berkas rencana tidak dapat dibaca: {exc}") from None
    return parse_plan(text, str(path), name=path.stem, stages=stages)


def _date_of(start: str | None, day: int) -> str | None:
    if not start or day <= 0:
        return None
    try:
        first = date.fromisoformat(start[:10])
    except ValueError:
        return None
    return (first + timedelta(days=day - 1)).isoformat()


def plan_sessions(plan: Plan, *, start_date: str | None = None) -> list[Session]:
    """New (planned, not yet stored) sessions of ``plan``; ids are left empty for the store.

    ``start_date`` (ISO): the date of day 1; a session's date is that plus its day number.
    """
    out: list[Session] = []
    for planned in plan.sessions:
        out.append(
            Session(
                id="",
                title=planned.title,
                date=_date_of(start_date, planned.day),
                plan=plan.name,
                agenda=[
                    AgendaItem(title=i.title, stage=i.stage, minutes=i.minutes, notes=i.notes)
                    for i in planned.agenda
                ],
                notes=planned.notes,
            )
        )
    return out


def blank_session(title: str, date_value: str | None = None) -> Session:
    """A new session without an agenda (added in the app)."""
    return Session(id="", title=title.strip(), date=date_value)


def moved(items: Sequence[T], index: int, offset: int) -> list[T]:
    """A copy of ``items`` with ``items[index]`` moved by ``offset`` (clamped to the ends)."""
    out = list(items)
    if not 0 <= index < len(out):
        return out
    target = max(0, min(len(out) - 1, index + offset))
    out.insert(target, out.pop(index))
    return out


# ---------------------------------------------------------------------------------------------
# Editing a session's agenda (the current item stays the current item)
# ---------------------------------------------------------------------------------------------


def agenda_insert(session: Session, item: AgendaItem, at: int | None = None) -> Session:
    """``item`` inserted before position ``at`` (default: at the end)."""
    agenda = list(session.agenda)
    index = len(agenda) if at is None else max(0, min(at, len(agenda)))
    agenda.insert(index, item)
    current = session.current_item
    if agenda[:-1] and index <= current and session.state != "planned":
        current += 1
    return replace(session, agenda=agenda, current_item=current)


def agenda_replace(session: Session, index: int, item: AgendaItem) -> Session:
    if not 0 <= index < len(session.agenda):
        return session
    agenda = list(session.agenda)
    agenda[index] = item
    return replace(session, agenda=agenda)


def agenda_remove(session: Session, index: int, now: datetime | None = None) -> Session:
    """Item ``index`` removed; removing the current item makes the next one current, with a
    fresh timebox from ``now`` when the session is running."""
    if not 0 <= index < len(session.agenda):
        return session
    agenda = [item for i, item in enumerate(session.agenda) if i != index]
    current = session.current_item
    if index < current:
        current -= 1
    elif index == current:
        current = min(current, max(0, len(agenda) - 1))
        running = session.state == "running" and now is not None
        session = replace(session, item_elapsed=0.0,
                          item_started_at=now.isoformat(timespec="seconds") if running and now
                          else None)
    return replace(session, agenda=agenda, current_item=current)


def agenda_move(session: Session, index: int, offset: int) -> Session:
    """Item ``index`` moved by ``offset``; the current item follows its item."""
    if not 0 <= index < len(session.agenda):
        return session
    order = moved(list(range(len(session.agenda))), index, offset)
    current = order.index(session.current_item) if session.agenda else 0
    return replace(session, agenda=[session.agenda[i] for i in order], current_item=current)
