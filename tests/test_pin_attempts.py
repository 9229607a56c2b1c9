"""PIN tries (``workshop/store/pins.py``): counted per unit and per address in one step under the
store's lock, a growing wait, a team's own laptop never held by a guesser, the facilitator's
view and clearing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from workshop.store import Store, StorePermission
from workshop.store.pins import ADDRESS_TRIES, BASE_WAIT, MAX_WAIT, UNIT_TRIES, wait_for

ROOT = Path(__file__).resolve().parents[1]
UNIT = "dinas-kesehatan"


@pytest.fixture
def ws(tmp_path: Path) -> tuple[Store, str]:
    store = Store.create(tmp_path / "ws", "Uji PIN")
    store.add_unit("Dinas Kesehatan")
    store.add_unit("Dinas Pendidikan")
    return store, store.generate_pin(UNIT)


def wrong(pin: str) -> str:
    return f"{(int(pin) + 1) % 10**6:06d}"


# The participant processes of a room, each trying wrong PINs as fast as it can for a while.
GUESSER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from workshop.store import Store
    folder, client, pin, ready, go, seconds = sys.argv[1:7]
    store = Store(Path(folder), "(belum masuk)")  # as the login screen opens it
    Path(ready).touch()
    while not Path(go).exists():  # every process imported and waiting: they start together
        time.sleep(0.002)
    end = time.monotonic() + float(seconds)
    checked = refused = 0
    while time.monotonic() < end:
        result = store.try_pin("dinas-kesehatan", pin, client=client)
        assert not result.ok
        if result.checked:
            checked += 1
        else:
            refused += 1
    print(json.dumps({"checked": checked, "refused": refused}))
""")


# A team logging in together from one address (one router): every process tries the right PIN
# again and again for a while.
TEAM = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from workshop.store import Store
    folder, client, pin, ready, go, seconds = sys.argv[1:7]
    store = Store(Path(folder), "(belum masuk)")
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.002)
    end = time.monotonic() + float(seconds)
    checked = refused = 0
    while time.monotonic() < end:
        result = store.try_pin("dinas-kesehatan", pin, client=client)
        if result.ok:
            checked += 1
        else:
            refused += 1
    print(json.dumps({"checked": checked, "refused": refused}))
""")


def run_guessers(folder: Path, clients: list[str], pin: str, seconds: float = 3.0,
                 script: str = GUESSER) -> list[dict[str, int]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    gate = folder.parent / "gate"
    gate.mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", script, str(folder), client, pin,
                               str(gate / f"ready-{n}"), str(gate / "go"), str(seconds)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for n, client in enumerate(clients)]
    deadline = time.monotonic() + 120
    while len(list(gate.glob("ready-*"))) < len(clients):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
        time.sleep(0.01)
    (gate / "go").touch()
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
        out.append(json.loads(stdout))
    print(f"{len(clients)} processes, {len(set(clients))} addresses: "
          f"{sum(r['checked'] for r in out)} PINs compared, "
          f"{sum(r['refused'] for r in out)} tries refused in {seconds} s")
    return out


def test_ten_parallel_guessers_from_one_address_get_the_designed_three(
        ws: tuple[Store, str]) -> None:
    store, pin = ws
    results = run_guessers(store.path, ["10.0.0.66"] * 10, wrong(pin))
    checked = sum(r["checked"] for r in results)
    assert checked == ADDRESS_TRIES  # within one wait window (30 s): 3, not 30
    assert sum(r["refused"] for r in results) > 0  # they did keep trying


def test_ten_parallel_guessers_from_ten_addresses_get_the_units_ten(
        ws: tuple[Store, str]) -> None:
    store, pin = ws
    results = run_guessers(store.path, [f"10.0.0.{n}" for n in range(10)], wrong(pin))
    checked = sum(r["checked"] for r in results)
    assert checked <= UNIT_TRIES  # not 10 x 3
    assert checked >= ADDRESS_TRIES


def test_ten_parallel_right_pins_from_one_address_all_get_in(ws: tuple[Store, str]) -> None:
    store, pin = ws
    results = run_guessers(store.path, ["10.0.0.7"] * 10, pin, seconds=2.0, script=TEAM)
    assert sum(r["refused"] for r in results) == 0  # right PINs never count as wrong ones
    assert all(r["checked"] > 0 for r in results)
    assert store.pin_failures() == []


def test_a_team_logs_in_from_its_own_laptop_while_another_address_is_locked_out(
        ws: tuple[Store, str]) -> None:
    store, pin = ws
    t = 1000.0
    for _ in range(ADDRESS_TRIES):
        assert not store.try_pin(UNIT, wrong(pin), client="10.0.0.66", at=t).ok
    held = store.try_pin(UNIT, pin, client="10.0.0.66", at=t + 1)
    assert not held.ok and not held.checked and held.wait == pytest.approx(BASE_WAIT - 1)
    assert store.try_pin(UNIT, pin, client="10.0.0.5", at=t + 2).ok  # the team's laptop


def test_a_known_laptop_is_not_held_by_a_unit_wide_lock(ws: tuple[Store, str]) -> None:
    store, pin = ws
    t = 1000.0
    assert store.try_pin(UNIT, pin, client="10.0.0.5", at=t).ok  # the team, this morning
    n = 0
    for address in range(20, 40):  # a guesser with many addresses
        for _ in range(ADDRESS_TRIES):
            if store.try_pin(UNIT, wrong(pin), client=f"10.0.0.{address}", at=t).checked:
                n += 1
    assert n == UNIT_TRIES
    new_laptop = store.try_pin(UNIT, pin, client="10.0.0.99", at=t + 1)
    assert not new_laptop.checked and new_laptop.wait > 0  # a new address waits...
    assert store.try_pin(UNIT, pin, client="10.0.0.5", at=t + 1).ok  # ...the team's does not
    assert store.try_pin("dinas-pendidikan", "000000", client="10.0.0.99", at=t + 1).checked


def test_the_wait_grows_and_a_right_pin_clears_the_address(ws: tuple[Store, str]) -> None:
    store, pin = ws
    t = 1000.0
    waits = []
    for _ in range(4):
        for n in range(ADDRESS_TRIES):
            result = store.try_pin(UNIT, wrong(pin), client="10.0.0.66", at=t)
            assert result.checked
            assert result.tries_left == (ADDRESS_TRIES - n - 1 if n < ADDRESS_TRIES - 1 else 0)
        waits.append(result.wait)
        t += result.wait
    assert waits == [BASE_WAIT, 2 * BASE_WAIT, 4 * BASE_WAIT, 8 * BASE_WAIT]
    assert wait_for(100) == MAX_WAIT
    assert store.try_pin(UNIT, pin, client="10.0.0.66", at=t).ok
    assert store.try_pin(UNIT, wrong(pin), client="10.0.0.66", at=t).tries_left == 2


def test_the_facilitator_sees_the_wrong_tries_and_clears_them(ws: tuple[Store, str]) -> None:
    store, pin = ws
    now = time.time()
    for address in ("10.0.0.66", "10.0.0.67"):
        for _ in range(ADDRESS_TRIES):
            store.try_pin(UNIT, wrong(pin), client=address, at=now)
    [seen] = store.pin_failures(at=now)
    assert (seen.unit, seen.failures, seen.addresses) == (UNIT, 6, 2)
    assert seen.wait == pytest.approx(BASE_WAIT)
    participant = Store.open(store.path, scope=UNIT)
    with pytest.raises(StorePermission):
        participant.clear_pin_lock(UNIT)
    store.clear_pin_lock(UNIT)
    assert store.pin_failures(at=now) == []
    assert store.try_pin(UNIT, pin, client="10.0.0.66", at=now).ok


def test_counts_are_not_workshop_data(ws: tuple[Store, str]) -> None:
    store, pin = ws
    token = store.change_token()
    store.try_pin(UNIT, wrong(pin), client="10.0.0.66")
    assert store.change_token() == token  # no app refreshes for a wrong PIN
    assert store.presence.read() == {}  # not a presence entry either
    (store.path / "presence" / "_pin-attempts.json").write_text("{rusak")
    assert store.try_pin(UNIT, pin, client="10.0.0.66").ok  # a damaged file locks nobody out
