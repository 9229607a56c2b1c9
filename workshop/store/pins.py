"""PIN attempts: who may try a unit's PIN now, counted per unit and per client address.

The counts live in one small file beside the presence files, ``presence/_pin-attempts.json``
(not workshop data: outside the change token, the backups and the bundles; the leading ``_``
keeps it out of ``PresenceFiles.read``). It is changed only under its own file lock, and the
check ("may this address try now?") and the count of a wrong try are one step under that lock,
and the answer of the (slow, scrypt) comparison made before it is given only from that step:
parallel processes cannot each see "two tries left" and all get answers (issue 21 measured 30
guesses in 30 s from ten processes where 3 were designed), and parallel right PINs are never
counted as wrong ones.

The rules (each limit declared once, below):

- an address gets ``ADDRESS_TRIES`` wrong PINs for a unit, then waits; each further wait of
  that address doubles (``BASE_WAIT``, 2x, 4x, ... up to ``MAX_WAIT``). Guessing from one laptop
  slows that laptop only;
- the unit as a whole gets ``UNIT_TRIES`` wrong PINs from the first rounds of any number of
  addresses (an address's later rounds are slowed by its own growing wait, and one laptop
  alone never starts the unit's wait), then waits the same way, so many laptops together
  cannot guess faster; but an address that has logged in
  to the unit before is never held by the unit's wait (a guesser cannot keep a team off its
  own laptop); a new address waits, and the facilitator sees it on the board;
- a right PIN clears that address's count for the unit and marks the address as the unit's;
- counts without a new wrong try for ``FORGET_SECONDS`` are forgotten;
- the facilitator clears a unit's counts (``clear_pin_lock``) from the board.

"Address" is what the participant process is told by ``serve`` (the browser's IP address);
behind a reverse proxy every browser has the proxy's address, and the rules become per unit.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import filelock

from workshop.store.errors import StoreError
from workshop.store.files import LOCK_TIMEOUT
from workshop.store.presence import PRESENCE_DIR
from workshop.store.units import Units

ADDRESS_TRIES: Final = 3  # wrong PINs from one address for one unit before it waits
UNIT_TRIES: Final = 10  # wrong PINs for one unit from all addresses before new ones wait
BASE_WAIT: Final = 30.0  # seconds of the first wait; each further wait doubles
MAX_WAIT: Final = 15 * 60.0  # the longest wait
FORGET_SECONDS: Final = 60 * 60.0  # counts without a new wrong try this long are forgotten
ADDRESSES_KEPT: Final = 256  # per unit (the oldest dropped): the file stays small
ATTEMPTS_FILE: Final = "_pin-attempts.json"
CLIENT_ENV: Final = "SOP_WORKSHOP_CLIENT"  # serve tells each participant process its address


@dataclass(frozen=True)
class PinCheck:
    """The answer to one PIN try."""

    ok: bool
    checked: bool  # the PIN was compared (False: refused while waiting, nothing compared)
    wait: float = 0.0  # seconds before the next try is allowed
    tries_left: int = 0  # wrong tries this address has left before it waits


@dataclass(frozen=True)
class PinFailures:
    """Wrong PINs of one unit, for the facilitator's board."""

    unit: str  # slug
    failures: int  # wrong tries counted now (all addresses)
    addresses: int  # how many addresses they came from
    wait: float  # seconds the unit (for new addresses) or its most held address still waits


def wait_for(locks: int) -> float:
    """The wait after the ``locks``-th lock in a row: BASE_WAIT, doubling, up to MAX_WAIT."""
    return float(min(MAX_WAIT, BASE_WAIT * 2 ** max(0, locks - 1)))


def _counter(raw: object) -> dict[str, float]:
    """One count (``failures`` since the last wait, ``total`` wrong tries, ``locks`` in a row,
    ``until`` the end of the wait, ``last`` wrong try) read leniently: the file is
    ours, but a damaged value must not lock anybody out for ever."""
    out = {"failures": 0.0, "total": 0.0, "locks": 0.0, "until": 0.0, "last": 0.0}
    if isinstance(raw, dict):
        for key in out:
            value = raw.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[key] = float(value)
    out["until"] = min(out["until"], out["last"] + MAX_WAIT) if out["last"] else 0.0
    return out


def _count_wrong(counter: dict[str, float], tries: int, at: float) -> None:
    counter["failures"] += 1
    counter["total"] += 1
    counter["last"] = at
    if counter["failures"] >= tries:
        counter["locks"] += 1
        counter["failures"] = 0
        counter["until"] = at + wait_for(int(counter["locks"]))


class PinAttempts(Units):
    """``try_pin``, ``pin_failures``, ``clear_pin_lock`` (a facade of ``Store``; stands on
    ``Units``: the unit must exist, its PIN hash is checked there)."""

    def _attempts_path(self) -> Path:
        return self.path / PRESENCE_DIR / ATTEMPTS_FILE

    def _attempts_lock(self) -> filelock.FileLock:
        path = self._attempts_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return filelock.FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)

    def _load_attempts(self, at: float) -> dict[str, Any]:
        """The counts, those older than FORGET_SECONDS dropped; {} when missing or damaged."""
        try:
            data = json.loads(self._attempts_path().read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        units: dict[str, Any] = {}
        for slug, raw in data.items():
            if not isinstance(raw, dict):
                continue
            unit = _counter(raw)
            addresses = {a: _counter(c) for a, c in (raw.get("addresses") or {}).items()
                         if isinstance(a, str)}
            addresses = {a: c for a, c in addresses.items() if at - c["last"] < FORGET_SECONDS}
            known = {a: float(t) for a, t in (raw.get("known") or {}).items()
                     if isinstance(a, str) and isinstance(t, int | float)}
            if at - unit["last"] >= FORGET_SECONDS:
                unit = _counter(None)
            units[str(slug)] = dict(unit, addresses=addresses, known=known)
        return units

    def _save_attempts(self, units: dict[str, Any]) -> None:
        for unit in units.values():
            for key in ("addresses", "known"):
                kept = unit[key]
                if len(kept) > ADDRESSES_KEPT:
                    def age(item: tuple[str, Any]) -> float:
                        value = item[1]
                        return float(value["last"] if isinstance(value, dict) else value)
                    unit[key] = dict(sorted(kept.items(), key=age)[-ADDRESSES_KEPT:])
        payload = json.dumps(units, separators=(",", ":")).encode()
        try:
            self._files._replace(self._attempts_path(), payload)
        except OSError as e:
            raise StoreError(f"Percobaan PIN tidak dapat dicatat ({e.strerror or e}).") from None

    def _locked(self) -> filelock.FileLock:
        lock = self._attempts_lock()
        try:
            lock.acquire()
        except filelock.Timeout:
            raise StoreError("Percobaan PIN sedang dicatat proses lain terlalu lama. Coba "
                             "lagi sebentar lagi.") from None
        return lock

    def try_pin(self, slug: str, pin: str, *, client: str = "",
                at: float | None = None) -> PinCheck:
        """Check a PIN for ``slug`` from the browser at ``client`` (see the module's rules).

        The slow scrypt comparison runs first, outside any lock; its answer is given only if,
        in one step under the attempts file's lock, the try may be made now, and a wrong one
        is counted in that same step. Parallel guesses cannot each see "two tries left": past
        the limit they are refused and learn nothing. Parallel *right* PINs from one address
        (a team behind one router logging in together) are never counted as wrong ones, as
        they were when every try was counted before the comparison and taken back after it
        (forty participants from one address locked each other out)."""
        now = time.time() if at is None else at
        if self.find_unit(slug) is None:
            return PinCheck(False, False)
        # A lock-free look first: an address that waits costs no scrypt.
        peek = self._load_attempts(now).get(slug)
        if peek is not None:
            held = self._held(peek, client)
            if held > now:
                return PinCheck(False, False, wait=held - now)
        right = self.verify_pin(slug, pin)
        lock = self._locked()
        try:
            units = self._load_attempts(now)
            unit = units.setdefault(slug, dict(_counter(None), addresses={}, known={}))
            held = self._held(unit, client)
            if held > now:
                return PinCheck(False, False, wait=held - now)  # the answer is not given
            if right:
                unit["addresses"].pop(client, None)
                unit["known"][client] = now
            else:
                address = unit["addresses"].setdefault(client, _counter(None))
                first_round = address["locks"] == 0  # later rounds: the address's own wait
                _count_wrong(address, ADDRESS_TRIES, now)
                if first_round:
                    _count_wrong(unit, UNIT_TRIES, now)
            self._save_attempts(units)
        finally:
            lock.release()
        if right:
            return PinCheck(True, True)
        wait = self._held(unit, client) - now
        return PinCheck(False, True, wait=max(0.0, wait),
                        tries_left=int(ADDRESS_TRIES - address["failures"]) if wait <= 0 else 0)

    @staticmethod
    def _held(unit: dict[str, Any], client: str) -> float:
        """Until when ``client`` may not try the unit's PIN: its own wait, and the unit's wait
        unless the address has logged in to the unit before."""
        address = unit["addresses"].get(client)
        own = address["until"] if address is not None else 0.0
        return max(own, 0.0 if client in unit["known"] else unit["until"])

    def pin_failures(self, *, at: float | None = None) -> list[PinFailures]:
        """Units with wrong PINs counted now (or a wait running), by slug."""
        now = time.time() if at is None else at
        out = []
        for slug, unit in sorted(self._load_attempts(now).items()):
            addresses = unit["addresses"].values()
            wait = max([unit["until"], *(c["until"] for c in addresses)]) - now
            if unit["total"] or wait > 0:
                out.append(PinFailures(slug, int(unit["total"]),
                                       sum(1 for c in addresses if c["total"]), max(0.0, wait)))
        return out

    def clear_pin_lock(self, slug: str) -> None:
        """Forget every wrong PIN of the unit and end its waits (facilitator only)."""
        self._check_facilitator("membuka kunci PIN unit")
        lock = self._locked()
        try:
            units = self._load_attempts(time.time())
            if units.pop(slug, None) is not None:
                self._save_attempts(units)
        finally:
            lock.release()
