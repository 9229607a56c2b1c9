"""Who is connected to a workshop now, and which SOP each of them is editing.

Every app instance (the facilitator's, and one per participant's browser tab under
``sop-workshop serve``) announces itself with a small heartbeat file written atomically by the
store (``presence/<id>.json``). A heartbeat older than :data:`PRESENCE_TTL` seconds, or one from
a process of this machine that is gone, no longer counts. No Textual here.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from workshop import portable
from workshop.store import FACILITATOR, Store, StoreError

PRESENCE_TTL: Final = 10.0  # seconds without a heartbeat before an instance counts as gone
HEARTBEAT_SECONDS: Final = 2.0  # how often an app instance renews its heartbeat

ID_PREFIX: Final = "p"

Clock = Callable[[], float]


@dataclass(frozen=True)
class Presence:
    """One connected app instance."""

    id: str
    unit: str  # unit slug, or "fasilitator"
    sop_id: str = ""  # the SOP open in its editor ("" when none)
    sop_title: str = ""
    pid: int = 0
    seen: float = 0.0  # time.time() of the last heartbeat


def new_id() -> str:
    """An id for this app instance: the process id and a random part."""
    return f"{ID_PREFIX}{os.getpid()}-{secrets.token_hex(3)}"


def _decode(name: str, data: dict[str, Any]) -> Presence | None:
    try:
        return Presence(
            id=name,
            unit=str(data["unit"]),
            sop_id=str(data.get("sop_id", "")),
            sop_title=str(data.get("sop_title", "")),
            pid=int(data.get("pid", 0)),
            seen=float(data["seen"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """A heartbeat without a pid (0) counts as alive until its time runs out."""
    return pid <= 0 or portable.pid_alive(pid)


def connected(store: Store, *, now: Clock = time.time, ttl: float = PRESENCE_TTL,
              include_facilitator: bool = False) -> list[Presence]:
    """The instances connected now, oldest heartbeat id order; stale files are removed."""
    out: list[Presence] = []
    at = now()
    for name, data in store.presence.read().items():
        if not name.startswith(ID_PREFIX):
            continue  # not an app instance (e.g. the running server's address)
        entry = _decode(name, data)
        if entry is None or at - entry.seen > ttl or not _alive(entry.pid):
            store.presence.remove(name)
            continue
        if entry.unit == FACILITATOR and not include_facilitator:
            continue
        out.append(entry)
    return sorted(out, key=lambda p: (p.unit, p.id))


def by_unit(entries: Sequence[Presence]) -> dict[str, list[Presence]]:
    """Connected instances grouped by unit slug."""
    grouped: dict[str, list[Presence]] = {}
    for entry in entries:
        grouped.setdefault(entry.unit, []).append(entry)
    return grouped


def editing_text(entries: Sequence[Presence]) -> str:
    """What a unit's connected people are editing, for a board cell (Bahasa Indonesia)."""
    titles = sorted({e.sop_title or e.sop_id for e in entries if e.sop_id})
    if not entries:
        return ""
    if not titles:
        return f"{len(entries)} terhubung"
    return f"{len(entries)} terhubung · {'; '.join(titles)}"


def following_sop(entries: Sequence[Presence]) -> str | None:
    """The SOP to show when following a unit: the one edited most recently."""
    editing = [e for e in entries if e.sop_id]
    if not editing:
        return None
    return max(editing, key=lambda e: e.seen).sop_id


class Heartbeat:
    """This app instance's presence: call :meth:`beat` every few seconds, :meth:`leave` at exit.

    Errors of the presence file never reach the user (presence is a courtesy, not data)."""

    def __init__(self, store: Store, unit: str, *, now: Clock = time.time,
                 ident: str | None = None) -> None:
        self.store = store
        self.unit = unit
        self.now = now
        self.id = ident or new_id()
        self.sop_id = ""
        self.sop_title = ""

    def editing(self, sop_id: str, title: str = "") -> None:
        """Say which SOP is open now ("" when none) and beat at once."""
        self.sop_id = sop_id
        self.sop_title = title
        self.beat()

    def beat(self) -> bool:
        """Renew the heartbeat; False when it could not be written."""
        try:
            self.store.presence.write(self.id, {
                "unit": self.unit, "sop_id": self.sop_id, "sop_title": self.sop_title,
                "pid": os.getpid(), "seen": self.now(),
            }, durable=False)  # renewed every HEARTBEAT_SECONDS: a lost one costs nothing
        except StoreError:
            return False
        return True

    def leave(self) -> None:
        self.store.presence.remove(self.id)
