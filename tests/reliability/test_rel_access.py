"""Access: the participant scope on every write, PINs stored as salted hashes, serve on localhost.

Scope: the Store's public methods are found by reading its source (ast; every class of the
store package that ``Store`` is made of): a method that opens a transaction or touches files
(directly or through other methods) is a *writer*, and every writer must pass through
``_check_unit`` or ``_check_facilitator``. So a new write method without a scope check fails
here, and a new write method missing from the behaviour table of tests/test_store.py
(``WRITES``) fails too. The table is then run as a participant against another unit's data:
every call refused, every file byte-identical.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from rel_support import figure

import workshop.store as store_module
from tests.test_store import OTHER, OWN, WRITES, _seed, _snapshot
from workshop.store import Store, StorePermission

# Calls that write: transactions, file replacement, deletion, backups.
WRITE_PRIMITIVES = frozenset({
    "tx", "_ws_tx", "_unit_tx", "_replace", "_backup", "_copy_into", "unlink", "rmtree",
    "move", "_add_rows", "_update_row", "_remove_row", "_insert_unit", "_insert_session",
})
GUARDS = frozenset({"_check_unit", "_check_facilitator"})
# Public methods that write without a scope check, by design (and why).
EXEMPT = {
    "create": "makes a new workshop folder; its creator is the facilitator",
    "open": "removes temporary files left by killed writers (no data changes)",
    "try_pin": "counts a PIN try beside the presence files (not workshop data), before login",
}


def _store_methods() -> dict[str, ast.FunctionDef]:
    """The methods of ``Store`` and of every class of the store package it is made of."""
    methods: dict[str, ast.FunctionDef] = {}
    parts = [c for c in Store.__mro__ if c.__module__.startswith(store_module.__name__ + ".")]
    assert Store in parts
    for part in parts:
        [cls] = ast.parse(textwrap.dedent(inspect.getsource(part))).body
        assert isinstance(cls, ast.ClassDef)
        for n in cls.body:
            if isinstance(n, ast.FunctionDef):
                assert n.name not in methods, f"{n.name} defined twice in the Store's classes"
                methods[n.name] = n
    return methods


def _called_names(fn: ast.FunctionDef) -> tuple[set[str], set[str]]:
    """(names of everything called, names of Store methods called on self/cls/store)."""
    names: set[str] = set()
    own: set[str] = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute):
                names.add(f.attr)
                if isinstance(f.value, ast.Name) and f.value.id in ("self", "cls", "store"):
                    own.add(f.attr)
            elif isinstance(f, ast.Name):
                names.add(f.id)
    return names, own


def _closure(methods: dict[str, ast.FunctionDef]) -> dict[str, set[str]]:
    """Every name each method calls, directly or through other Store methods."""
    direct = {name: _called_names(fn) for name, fn in methods.items()}
    reach = {name: set(calls) for name, (calls, _) in direct.items()}
    changed = True
    while changed:
        changed = False
        for name, (_, own) in direct.items():
            extra = set().union(*(reach[c] for c in own if c in reach)) - reach[name]
            if extra:
                reach[name] |= extra
                changed = True
    return reach


def _writers() -> tuple[set[str], set[str]]:
    """(public writers, public writers without a scope check)."""
    methods = _store_methods()
    reach = _closure(methods)
    public = {n for n in methods if not n.startswith("_")}
    writers = {n for n in public if reach[n] & WRITE_PRIMITIVES}
    unguarded = {n for n in writers if not reach[n] & GUARDS}
    return writers, unguarded


def test_the_analysis_sees_writes_and_checks() -> None:
    writers, unguarded = _writers()
    assert {"add_unit", "edit_sop", "update_record", "set_vote", "backup"} <= writers
    assert "sops" not in writers and "verify_pin" not in writers
    assert "add_member" not in unguarded


def test_every_write_method_checks_the_scope() -> None:
    writers, unguarded = _writers()
    assert unguarded - set(EXEMPT) == set(), "write methods without _check_unit/_facilitator"
    assert set(EXEMPT) <= writers  # an exemption that no longer writes: drop it


def test_every_write_method_is_in_the_behaviour_table() -> None:
    writers, _ = _writers()
    table = {name for name, _, _ in WRITES}
    assert writers - set(EXEMPT) - {"backup"} <= table


def test_a_participant_is_refused_every_write_to_another_unit(tmp_path: Path) -> None:
    ws = Store.create(tmp_path / "ws", "Uji akses")
    ws.add_unit("Dinas Kesehatan")
    ws.add_unit("Dinas Pendidikan")
    assert {u.slug for u in ws.units()} == {OWN, OTHER}
    other_ids = _seed(ws, OTHER)
    _seed(ws, OWN)
    participant = Store.open(ws.path, scope=OWN)
    before = _snapshot(ws.path)
    backups_before = ws.backups()
    refused: list[str] = []
    calls: list[tuple[str, Any]] = [(name, call) for name, call, _ in WRITES]
    calls.append(("backup", lambda s, ids: s.backup("peserta")))
    for name, call in calls:
        try:
            call(participant, other_ids)
        except StorePermission as e:
            assert "Anda masuk sebagai unit 'dinas-kesehatan'" in e.message, name
            refused.append(name)
    allowed = sorted({name for name, _ in calls} - set(refused))
    unchanged = _snapshot(ws.path) == before and ws.backups() == backups_before
    figure("6 access", f"{len(calls)} write operations as a participant on another unit's data: "
           f"{len(refused)} refused, {len(allowed)} allowed {allowed}; files unchanged: "
           f"{unchanged}")
    assert allowed == []
    assert unchanged


def test_pins_are_stored_as_salted_scrypt_hashes(tmp_path: Path) -> None:
    ws = Store.create(tmp_path / "ws", "Uji PIN")
    slugs = [ws.add_unit(f"Dinas {k}").slug for k in range(3)]
    pins = {slug: ws.generate_pin(slug) for slug in slugs}
    raw = (ws.path / "workshop.json").read_text(encoding="utf-8")
    units = {d["slug"]: d for d in json.loads(raw)["units"].values()}
    salts = set()
    for slug, pin in pins.items():
        assert len(pin) == 6 and pin.isdigit()
        assert pin not in raw  # the PIN itself is nowhere in the file (nor in the log)
        salt_hex, digest_hex = units[slug]["pin_hash"].split("$")
        salt = bytes.fromhex(salt_hex)
        assert len(salt) == 16
        salts.add(salt)
        expected = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
        assert digest_hex == expected.hex()
        assert digest_hex != hashlib.sha256(pin.encode()).hexdigest()
        assert ws.verify_pin(slug, pin)
        assert not ws.verify_pin(slug, f"{(int(pin) + 1) % 10**6:06d}")
    assert len(salts) == len(pins)  # one salt per unit
    # The bundle carries the hashes, never the PINs.
    from workshop.bundle import export_bundle

    written = export_bundle(ws, tmp_path / "bundel")
    text = "\n".join(p.read_text(encoding="utf-8") for p in written)
    assert not any(pin in text for pin in pins.values())
    assert all(units[s]["pin_hash"] in text for s in slugs)


def test_serve_binds_localhost_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from workshop import cli, serve

    assert inspect.signature(serve.run).parameters["host"].default == "127.0.0.1"
    assert cli._parser().parse_args(["serve", "ws"]).host == "127.0.0.1"
    Store.create(tmp_path / "ws", "Uji serve")
    bound: list[str] = []

    class FakeServer:
        def __init__(self, command: str, host: str, port: int, **kwargs: Any) -> None:
            bound.append(host)

        def serve(self) -> None:
            return None

    from workshop import room_server  # textual-serve: the web extra, which the test extra brings

    monkeypatch.setattr(room_server, "RoomServer", FakeServer)
    assert cli.main(["serve", str(tmp_path / "ws")]) == 0
    assert bound == ["127.0.0.1"]
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000" in out
    assert "Hanya komputer ini yang dapat membuka alamat itu" in out
