"""Hostile bundles, odd files and deep data (issue 17): refused with a message, never escaping
the folder, hanging or crashing.

One test per numbered defect of the issue (each failed on the code before the fix), then one
test that runs every command on every item of the hostile corpus (``hostile_corpus.py``) in a
child process under a memory and a time limit.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hostile_corpus import SECRET, Item, build, sop_text, tree

from workshop import limits
from workshop.cli import main
from workshop.model import SopRecord
from workshop.sopfile import loads_sop
from workshop.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[1]
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, symlinks: POSIX only")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Item]:
    return {item.name: item for item in build(tmp_path_factory.mktemp("hostile"))}


def _run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _new(path: Path) -> Path:
    Store.create(path, "Tujuan")
    return path


def _copy(item: Item, to: Path) -> Path:
    shutil.copytree(item.path, to, symlinks=True)
    return to


# -- 1. ids that are paths -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bundle-id-absolute", "bundle-id-dotdot", "bundle-slug-dotdot"])
def test_1_a_bundle_whose_id_or_slug_is_a_path_is_refused(
    corpus: dict[str, Item], tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    ws = _new(tmp_path / "ws")
    code, _out, err = _run(capsys, "import", ws, corpus[name].path)
    assert code == 2
    assert "tidak sah" in err and "tidak diimpor" in err
    assert Store.open(ws).units() == []


def test_1_export_refuses_an_id_that_is_a_path(
    corpus: dict[str, Item], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = corpus["workshop-id-path"]
    before = tree(item.path.parents[1])
    code, _out, err = _run(capsys, "export", item.path, "--format", "yaml", "--out",
                          tmp_path / "out")
    assert code == 1
    assert "Id SOP" in err and "tidak sah" in err
    assert tree(item.path.parents[1]) == before  # nothing written next to the corpus


def test_1_the_store_refuses_an_sop_id_that_is_a_path(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "ws", "W")
    unit = store.add_unit("Dinas A")
    for bad in ("../x", "/tmp/x", "a/b", "SOP 1"):
        with pytest.raises(StoreError, match="tidak sah"):
            store.add_sop_record(unit.slug, SopRecord(id=bad, sop=loads_sop(sop_text())))
    assert store.sops(unit.slug) == []


# -- 2. alias bombs ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "file"), [("bundle-alias-bomb", "workshop.yaml"),
                                            ("bundle-unit-alias-bomb", "dinas-a/unit.yaml")])
def test_2_an_alias_bomb_is_refused_at_its_line(
    corpus: dict[str, Item], tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
    file: str
) -> None:
    ws = _new(tmp_path / "ws")
    started = time.monotonic()
    code, _out, err = _run(capsys, "import", ws, corpus[name].path)
    assert time.monotonic() - started < 10
    assert code == 2
    assert re.search(re.escape(str(corpus[name].path / file)) + r":\d+: alias YAML", err), err
    assert Store.open(ws).units() == []


# -- 3. symlinks in --out ---------------------------------------------------------------------


@pytest.fixture
def small_workshop(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    store = Store.create(ws, "W")
    unit = store.add_unit("Dinas A")
    store.add_sop(unit.slug, loads_sop(sop_text()))
    return ws


@pytest.mark.parametrize(("fmt", "where"), [("yaml", "workshop.yaml"), ("yaml", "dinas-a"),
                                            ("md", "dinas-a/pengelolaan-berkas.md"),
                                            ("html", "dinas-a")])
def test_3_export_never_writes_through_a_symlink_in_out(
    small_workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str,
    where: str
) -> None:
    target = tmp_path / "sasaran"
    target.mkdir()
    (target / "pengelolaan-berkas.html").write_text("asli")
    (target / "unit.yaml").write_text("asli")
    out = tmp_path / "out"
    link = out / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target if "." not in where else target / "unit.yaml")
    code, _, err = _run(capsys, "export", small_workshop, "--format", fmt, "--out", out)
    assert code == 1
    assert "tautan simbolik" in err or "keluar dari folder keluaran" in err
    assert sorted(p.name for p in target.iterdir()) == ["pengelolaan-berkas.html", "unit.yaml"]
    assert all(p.read_text() == "asli" for p in target.iterdir())


# -- 4. files outside the bundle --------------------------------------------------------------


@pytest.mark.parametrize("name", ["bundle-file-dotdot", "bundle-file-absolute",
                                  "bundle-file-symlink", "bundle-unit-folder-symlink"])
def test_4_a_bundle_never_reads_outside_its_folder(
    corpus: dict[str, Item], tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    ws = _new(tmp_path / "ws")
    code, out, err = _run(capsys, "import", ws, corpus[name].path)
    assert code == 2
    assert "RAHASIA" not in out + err
    assert "tidak diimpor" in err
    assert Store.open(ws).units() == []


# -- 5. deep nesting --------------------------------------------------------------------------


def test_5_a_bundle_nested_990_levels_is_refused(
    corpus: dict[str, Item], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = corpus["bundle-deep"]
    code, _, err = _run(capsys, "import", _new(tmp_path / "ws"), item.path)
    assert code == 2
    assert re.search(re.escape(str(item.path / "workshop.yaml")) + r":7: susunan terlalu dalam "
                     r"\(lebih dari 32 tingkat\)", err), err


@pytest.mark.parametrize("name", ["workshop-deep-unit", "workshop-unit-is-folder"])
def test_5_7_a_damaged_unit_is_named_and_blocks_no_other_unit(
    corpus: dict[str, Item], tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    ws = _copy(corpus[name], tmp_path / "ws")
    code, out, _ = _run(capsys, "check", ws)
    assert code == 2
    assert f"{ws / 'units' / 'dinas-rusak.json'}: tidak terbaca" in out
    assert "SOP Dinas Baik" in out  # the other unit is checked
    (tmp_path / "s.yaml").write_text(sop_text("Baru"), encoding="utf-8")
    code, out, err = _run(capsys, "import", ws, tmp_path / "s.yaml", "--unit", "Dinas Baik")
    assert (code, err) == (0, "")
    store = Store.open(ws)
    assert [r.sop.title for r in store.sops("dinas-baik")] == ["SOP Dinas Baik", "Baru"]
    backup = store.backups()[0]  # taken before the import, the damaged unit left out
    assert sorted(p.name for p in (backup / "units").iterdir()) == ["dinas-baik.json"]
    code, out, err = _run(capsys, "export", ws, "--out", tmp_path / "out")
    assert code == 2 and "dinas-rusak.json" in err and "Traceback" not in err


# -- 6. amplification -------------------------------------------------------------------------


def test_6_a_bundle_bringing_too_much_is_refused_before_reading_it(
    corpus: dict[str, Item], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = _new(tmp_path / "ws")
    started = time.monotonic()
    code, _, err = _run(capsys, "import", ws, corpus["bundle-amplified"].path)
    assert time.monotonic() - started < 10
    assert code == 2
    assert f"lebih dari {limits.BUNDLE_MAX_UNIT_BYTES // limits.MB} MB" in err
    assert Store.open(ws).units() == []


def test_6_too_many_sops_in_one_unit_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hostile_corpus import bundle

    count = limits.BUNDLE_MAX_SOPS_PER_UNIT + 1
    b = bundle(tmp_path / "b", [(f"sop-{i}", "s.yaml") for i in range(count)],
               sops={"s.yaml": sop_text()})
    code, _, err = _run(capsys, "import", _new(tmp_path / "ws"), b)
    assert code == 2
    assert f"{count} SOP dalam satu unit; batasnya {limits.BUNDLE_MAX_SOPS_PER_UNIT}" in err


def test_6_an_sop_with_too_many_steps_is_refused(tmp_path: Path) -> None:
    from workshop.sopfile import SopFileError

    steps = "".join(f"  - activity: Langkah {i}\n    actor: Petugas\n"
                    for i in range(limits.SOP_MAX_STEPS + 1))
    with pytest.raises(SopFileError, match=r"batasnya 2\.000"):
        loads_sop("format: sop-ap/1\ntitle: T\nactors: [Petugas]\nsteps:\n" + steps)


# -- 7. tracebacks instead of messages --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "md", "html"])
@pytest.mark.parametrize("out", ["file", "file/child"])
def test_7_an_out_that_is_a_file_is_a_message(
    small_workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, out: str
) -> None:
    (tmp_path / "file").write_text("asli")
    code, _, err = _run(capsys, "export", small_workshop, "--format", fmt, "--out",
                        tmp_path / out)
    assert code == 1
    assert "bukan folder" in err or "tidak dapat dibuat" in err
    assert (tmp_path / "file").read_text() == "asli"


@pytest.mark.parametrize("fmt", ["yaml", "md"])
def test_7_an_out_that_cannot_be_written_is_a_message(
    small_workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    import tempfile

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # as root, chmod would not stop a write
    code, _, err = _run(capsys, "export", small_workshop, "--format", fmt, "--out",
                        tmp_path / "out")
    assert code == 1
    assert "tidak dapat ditulis: tidak ada izin menulis" in err


# -- 8. terminal escapes ----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "unit", "shown"), [
    ("bundle-escapes", None, "Unit 'Dinas ]0;DIRETAS[2J A' dibuat"),
    ("sop-escapes.yaml", "A", "sop-001 Surat ]0;judul[2J31m Masuk"),
])
def test_8_printed_data_holds_no_control_characters(
    corpus: dict[str, Item], tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
    unit: str | None, shown: str
) -> None:
    ws = _new(tmp_path / "ws")
    args = ["import", ws, corpus[name].path] + (["--unit", unit] if unit else [])
    code, out, err = _run(capsys, *args)
    assert code == 0, err
    assert shown in out
    assert not CONTROL.search(out + err)
    code, out, err = _run(capsys, "export", ws, "--format", "html", "--out", tmp_path / "o")
    assert code == 0
    page = next((tmp_path / "o").rglob("*.html")).read_text(encoding="utf-8")
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Surat" in title and not CONTROL.search(title)


def test_8_check_prints_no_control_characters(
    corpus: dict[str, Item], capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, err = _run(capsys, "check", corpus["sop-escapes.yaml"].path,
                          corpus["bundle-escapes"].path / "dinas-a" / "sop-001.yaml")
    assert not CONTROL.search(out + err)


# -- 9. FIFOs and devices ---------------------------------------------------------------------


def _child(*args: object, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "workshop", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env, check=False)


@pytest.mark.parametrize(("name", "command"), [
    (name, command) for name in ("fifo.yaml", "dev-zero.yaml")
    for command in ("check", "export", "import")] + [("folder-with-fifo", "check")])
def test_9_11_a_fifo_or_device_is_a_finding_not_a_hang(
    corpus: dict[str, Item], tmp_path: Path, command: str, name: str
) -> None:
    path = corpus[name].path
    args: list[object] = {"check": ["check", path],
                          "export": ["export", path, "--out", tmp_path / "o"],
                          "import": ["import", _new(tmp_path / "ws"), path, "--unit", "A"]}[command]
    proc = _child(*args)  # a hang is a TimeoutExpired
    assert proc.returncode == 2, proc.stdout + proc.stderr
    text = proc.stdout + proc.stderr
    assert "bukan berkas biasa" in text
    assert "terlalu besar" not in text and "Traceback" not in text


@pytest.mark.parametrize("name", ["bundle-fifo-unit", "bundle-fifo-sop", "bundle-unit-loop"])
def test_9_11_a_bundle_with_a_fifo_or_a_loop_is_refused(
    corpus: dict[str, Item], tmp_path: Path, name: str
) -> None:
    proc = _child("import", _new(tmp_path / "ws"), corpus[name].path)
    assert proc.returncode == 2
    assert "tidak diimpor" in proc.stderr and "Traceback" not in proc.stderr


def test_11_a_symlink_loop_is_an_error(corpus: dict[str, Item],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", corpus["loop.yaml"].path)
    assert code == 2
    assert "tautan simbolik berputar" in out


# -- 10. half-made backups and stale temporary files ------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_10_store_open_cleans_what_killed_writers_left(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "ws", "W")
    store.add_unit("Dinas A")
    good = store.backup("utuh")
    dead, live = _dead_pid(), os.getpid()
    backups = tmp_path / "ws" / "backups"
    (backups / "00007_20180710T090000_kosong").mkdir()
    (backups / "00008_20180710T090000_unit-saja" / "units").mkdir(parents=True)
    (backups / "00009_20180710T090000_tmp-saja").mkdir()
    (backups / "00009_20180710T090000_tmp-saja" / f".workshop.json.{dead}.0badc0de.tmp").touch()
    (backups / f".mulai-sesi.{dead}.0badc0de.tmp" / "units").mkdir(parents=True)
    stale = [tmp_path / "ws" / f".workshop.json.{dead}.0badc0de.tmp",
             tmp_path / "ws" / "units" / f".dinas-a.json.{dead}.0badc0de.tmp"]
    fresh = tmp_path / "ws" / f".workshop.json.{live}.0badc0de.tmp"
    for path in [*stale, fresh]:
        path.write_text("{")
    store = Store.open(tmp_path / "ws")
    assert store.backups() == [good]
    assert sorted(p.name for p in backups.iterdir()) == [good.name]
    assert not any(p.exists() for p in stale)
    assert fresh.exists()  # a live process's temporary file is left alone
    old = time.time() - 2 * 3600
    os.utime(fresh, (old, old))
    Store.open(tmp_path / "ws")
    assert not fresh.exists()  # unless it is hours old (its pid may have been reused)


_KILLED_BACKUP = """
import os, signal, sys
from pathlib import Path
from workshop.store import Store
store = Store.open(Path(sys.argv[1]))
files = store._files
original = files._replace
count = 0
def replace(path, payload):
    global count
    count += 1
    if count == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    original(path, payload)
files._replace = replace
store.backup("mati di tengah")
"""


def test_10_a_backup_killed_midway_leaves_no_backup_folder(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "ws", "W")
    for name in ("Dinas A", "Dinas B"):
        store.add_sop(store.add_unit(name).slug, loads_sop(sop_text()))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", _KILLED_BACKUP, str(tmp_path / "ws")], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert Store.open(tmp_path / "ws").backups() == []
    assert list((tmp_path / "ws" / "backups").iterdir()) == []


# -- every command on every hostile item ------------------------------------------------------

MEMORY = 1024**3  # address space of each child
SECONDS = 40  # wall time of each child (a hang)


def _limits() -> None:
    import resource  # POSIX only: imported here, the suite is collected on Windows too

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (SECONDS, SECONDS))


def _commands(item: Item, work: Path) -> Iterator[tuple[list[str], set[int]]]:
    """(argv, allowed exits) of every command on ``item``; ``work``: this item's own folder."""
    refused = {1, 2} if item.refused else {0, 1}
    ws = work / "ws"
    out = str(work / "out")
    if item.kind == "workshop":
        must = item.refused_by or ("check", "md", "html", "yaml")
        yield ["check", str(item.path)], {1, 2} if "check" in must else {0, 1}
        for fmt in ("md", "html", "yaml"):
            yield (["export", str(item.path), "--format", fmt, "--out", out + fmt],
                   {1, 2} if fmt in must else {0})
        yield ["import", str(item.path), str(work / "s.yaml"), "--unit", "Unit Lain"], {0}
        return
    if item.kind == "bundle":  # a bundle is no SOP folder (check) and no workshop (export)
        yield ["check", str(item.path)], {1, 2}
        for fmt in ("md", "html", "yaml"):
            yield ["export", str(item.path), "--format", fmt, "--out", out + fmt], {2}
        yield ["import", str(ws), str(item.path)], refused
        return
    yield ["check", str(item.path)], refused
    for fmt in ("md", "html", "yaml"):
        yield ["export", str(item.path), "--format", fmt, "--out", out + fmt], refused
    yield ["import", str(ws), str(item.path), "--unit", "Dinas A"], refused


def _run_child(argv: list[str], cwd: Path) -> tuple[int | None, str, str, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "workshop", *argv], capture_output=True,
                              text=True, errors="replace", env=env, cwd=cwd,
                              timeout=SECONDS, preexec_fn=_limits, check=False)
    except subprocess.TimeoutExpired:
        return None, "", "", time.monotonic() - started
    return proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started


def test_every_command_on_every_hostile_item(tmp_path: Path) -> None:
    items = build(tmp_path / "corpus")
    jobs: list[tuple[Item, list[str], set[int], Path]] = []
    for item in items:
        work = tmp_path / "work" / item.name
        work.mkdir(parents=True)
        (work / "s.yaml").write_text(sop_text(), encoding="utf-8")
        Store.create(work / "ws", "Tujuan")
        jobs += [(item, argv, allowed, work) for argv, allowed in _commands(item, work)]
    before = tree(tmp_path)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda j: _run_child(j[1], j[3]), jobs))
    after = tree(tmp_path)
    problems: list[str] = []
    for (item, argv, allowed, _work), (code, out, err, _seconds) in zip(jobs, results,
                                                                        strict=True):
        shown = f"{item.name}: {' '.join(argv[:1] + argv[2:3] + argv[3:4])}"
        if code is None:
            problems.append(f"{shown}: hang (> {SECONDS} s)")
            continue
        if code not in allowed:
            problems.append(f"{shown}: exit {code}, expected {sorted(allowed)}: {err[-300:]}")
        if "Traceback" in out + err or "Error:" in out + err:
            problems.append(f"{shown}: traceback: {err[-300:]}")
        if CONTROL.search(out + err):
            problems.append(f"{shown}: control characters printed")
        if SECRET in out + err:
            problems.append(f"{shown}: a file outside the bundle was echoed")
        words = r"\b(tidak|bukan|terlalu|batas|kesalahan|KESALAHAN|tautan)\b"
        if code and not re.search(words, out + err):
            problems.append(f"{shown}: no Indonesian message: {(out + err)[-300:]}")
    new = sorted(after - before)
    escaped = [p for p in new if not p.startswith("work" + os.sep)
               and not p.startswith("corpus" + os.sep + "items" + os.sep + "workshop-")]
    assert escaped == [], f"files written outside the target folders: {escaped}"
    outside = tmp_path / "corpus" / "outside"
    assert sorted(tree(outside)) == ["rahasia.yaml", "unit-folder",
                                     os.path.join("unit-folder", "sop-001.yaml"),
                                     os.path.join("unit-folder", "unit.yaml")]
    assert problems == [], "\n".join(problems)
    assert max(r[3] for r in results) < SECONDS
