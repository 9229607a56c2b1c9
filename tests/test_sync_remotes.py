"""Sync over smart HTTP (dulwich's own server on 127.0.0.1, with a token), bad remotes, a
hostile remote, and a sync killed (SIGKILL) between any two of its steps (issue 23).

"Nothing changed locally" is checked on the bytes of the workshop's data files.
"""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast
from wsgiref.simple_server import make_server

import pytest
from dulwich.objects import Blob, Commit, Tree
from dulwich.repo import Repo
from dulwich.server import BackendRepo, DictBackend
from dulwich.web import make_wsgi_chain

from workshop.cli import main
from workshop.model import Sop, Step
from workshop.store import FieldChange, Store

ROOT = Path(__file__).resolve().parents[1]
UNIT = "dinas-kesehatan"
USER, TOKEN = "fasilitator", "rahasia-123"


def _sop(title: str) -> Sop:
    return Sop(title=title, actors=["Petugas"], steps=[
        Step("Mulai", "Petugas", "start", time="5 menit"),
        Step("Periksa", "Petugas", time="10 menit"),
        Step("Selesai", "Petugas", "end"),
    ])


def _bare(path: Path) -> Path:
    path.mkdir()
    Repo.init_bare(str(path))
    return path


def _workshop(path: Path) -> Path:
    store = Store.create(path, "Pendampingan")
    store.add_unit("Dinas Kesehatan")
    store.add_sop(UNIT, _sop("Surat Sehat"))
    return path


def _files(folder: Path) -> dict[str, bytes]:
    out = {"workshop.json": (folder / "workshop.json").read_bytes()}
    for p in sorted((folder / "units").glob("*.json")):
        out[p.name] = p.read_bytes()
    return out


def _edit(folder: Path, path: str, old: object, new: object) -> None:
    store = Store.open(folder)
    store.edit_sop(UNIT, "sop-001", [FieldChange(path, old, new)])


@pytest.fixture
def http_remote(tmp_path: Path) -> Iterator[str]:
    """A bare repository served over smart HTTP with basic authentication."""
    repo = Repo(str(_bare(tmp_path / "served.git")))
    git_app = make_wsgi_chain(DictBackend({"/": cast(BackendRepo, repo)}))
    good = "Basic " + base64.b64encode(f"{USER}:{TOKEN}".encode()).decode()

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("HTTP_AUTHORIZATION") != good:
            start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="git"'),
                                                ("Content-Length", "0")])
            return [b""]
        return git_app(environ, start_response)

    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def test_two_workshops_sync_over_smart_http_with_a_token(
    tmp_path: Path, http_remote: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SOP_WORKSHOP_GIT_USER", USER)
    monkeypatch.setenv("SOP_WORKSHOP_GIT_TOKEN", TOKEN)
    a = _workshop(tmp_path / "a")
    assert main(["sync", str(a), http_remote]) == 0
    b = tmp_path / "b"
    assert main(["sync", str(b), http_remote]) == 0
    _edit(a, "title", "Surat Sehat", "Surat Keterangan Sehat")
    _edit(b, "steps.2.time", "10 menit", "12 menit")
    assert main(["sync", str(a)]) == 0
    assert main(["sync", str(b)]) == 0
    assert main(["sync", str(a)]) == 0
    for folder in (a, b):
        sop = Store.open(folder).sop(UNIT, "sop-001").sop
        assert (sop.title, sop.steps[1].time) == ("Surat Keterangan Sehat", "12 menit")
    # the token is nowhere on disk
    for p in (a / "sinkron").rglob("*"):
        if p.is_file():
            assert TOKEN.encode() not in p.read_bytes()
    assert TOKEN not in capsys.readouterr().out


def test_wrong_token_changes_nothing(
    tmp_path: Path, http_remote: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a = _workshop(tmp_path / "a")
    before = _files(a)
    monkeypatch.setenv("SOP_WORKSHOP_GIT_USER", USER)
    monkeypatch.setenv("SOP_WORKSHOP_GIT_TOKEN", "salah")
    assert main(["sync", str(a), http_remote]) == 1
    err = capsys.readouterr().err
    assert "nama pengguna atau token salah" in err
    assert "Traceback" not in err
    assert _files(a) == before


def test_unreachable_remote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _workshop(tmp_path / "a")
    before = _files(a)
    assert main(["sync", str(a), "http://127.0.0.1:9/tidak-ada.git"]) == 1
    assert "tidak dapat dihubungi" in capsys.readouterr().err
    assert main(["sync", str(a), str(tmp_path / "tidak-ada.git")]) == 1
    assert "tidak ditemukan atau bukan repositori git" in capsys.readouterr().err
    assert _files(a) == before


def _commit_files(repo_path: Path, files: dict[bytes, tuple[int, bytes]]) -> None:
    """Put a commit of ``files`` (name -> (mode, data); a name with '/' is one folder deep)
    on the remote's main, as a hostile or unrelated remote would."""
    repo = Repo(str(repo_path))
    store = repo.object_store
    root = Tree()
    subs: dict[bytes, Tree] = {}
    for name, (mode, data) in files.items():
        blob = Blob.from_string(data)
        store.add_object(blob)
        if b"/" in name:
            folder, leaf = name.split(b"/", 1)
            subs.setdefault(folder, Tree()).add(leaf, mode, blob.id)
        else:
            root.add(name, mode, blob.id)
    for folder, sub in subs.items():
        store.add_object(sub)
        root.add(folder, 0o040000, sub.id)
    store.add_object(root)
    c = Commit()
    c.tree = root.id
    c.author = c.committer = b"x <x@x>"
    c.commit_time = c.author_time = 0
    c.commit_timezone = c.author_timezone = 0
    c.message = b"x"
    store.add_object(c)
    repo.refs[b"refs/heads/main"] = c.id


def test_a_remote_that_is_not_a_workshop(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    remote = _bare(tmp_path / "lain.git")
    _commit_files(remote, {b"README.md": (0o100644, b"# proyek lain\n")})
    empty = tmp_path / "baru"
    assert main(["sync", str(empty), str(remote)]) == 1
    assert "bukan workshop sop-workshop" in capsys.readouterr().err
    assert not empty.exists()


def test_a_hostile_remote_cannot_write_outside_the_workshop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _workshop(tmp_path / "a")
    remote = _bare(tmp_path / "r.git")
    assert main(["sync", str(a), str(remote)]) == 0
    b = tmp_path / "b"
    assert main(["sync", str(b), str(remote)]) == 0
    good = {
        p.relative_to(tmp_path / "export").as_posix().encode(): (0o100644, p.read_bytes())
        for p in _export(a, tmp_path / "export")
    }
    for name, entry, reason in [
        (b"dinas-kesehatan/unit.yaml", (0o100644, good[b"dinas-kesehatan/unit.yaml"][1].replace(
            b"file: sop-001.yaml", b"file: ../../../curian.yaml")), "tidak sah"),
        (b"dinas-kesehatan/sop-001.yaml", (0o120000, b"/etc/passwd"), "tautan"),
    ]:
        hostile = dict(good)
        hostile[name] = entry
        # on top of the real history, so that it is not refused as diverged
        _commit_on_top(remote, hostile)
        before = _files(b)
        assert main(["sync", str(b)]) == 1
        err = capsys.readouterr().err
        assert "Tidak ada yang diubah" in err, err
        assert reason in err, err
        assert _files(b) == before
        assert not list(tmp_path.glob("**/curian.yaml"))


def _export(store_dir: Path, out: Path) -> list[Path]:
    from workshop.bundle import export_bundle

    return export_bundle(Store.open(store_dir), out)


def _commit_on_top(repo_path: Path, files: dict[bytes, tuple[int, bytes]]) -> None:
    repo = Repo(str(repo_path))
    parent = repo.refs[b"refs/heads/main"]
    _commit_files(repo_path, files)
    head = repo.refs[b"refs/heads/main"]
    commit = repo.object_store[head]
    assert isinstance(commit, Commit)
    commit.parents = [parent]
    repo.object_store.add_object(commit)
    repo.refs[b"refs/heads/main"] = commit.id


def test_diverged_history_changes_nothing(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    a = _workshop(tmp_path / "a")
    remote = _bare(tmp_path / "r.git")
    assert main(["sync", str(a), str(remote)]) == 0
    # the remote is replaced by another workshop's history
    other = _workshop(tmp_path / "lain")
    _edit(other, "title", "Surat Sehat", "Lain")
    import shutil

    shutil.rmtree(remote)
    _bare(remote)
    assert main(["sync", str(other), str(remote)]) == 0
    _edit(a, "title", "Surat Sehat", "Punya A")
    before = _files(a)
    capsys.readouterr()
    assert main(["sync", str(a)]) == 1
    assert "tidak memuat sinkronisasi terakhir" in capsys.readouterr().err
    assert _files(a) == before


KILL_POINTS = ["committed", "fetched", "reading", "merged", "applied", "merge-committed", "pushed"]

_CHILD = """
import os, signal, sys
from pathlib import Path
import workshop.sync.engine as engine
point = sys.argv[2]
def step(name):
    if name == point:
        os.kill(os.getpid(), signal.SIGKILL)
engine._step = step
engine.sync(Path(sys.argv[1]))
"""


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_sync_killed_at_any_point_is_finished_by_a_rerun(tmp_path: Path, point: str) -> None:
    a = _workshop(tmp_path / "a")
    remote = _bare(tmp_path / "r.git")
    assert main(["sync", str(a), str(remote)]) == 0
    b = tmp_path / "b"
    assert main(["sync", str(b), str(remote)]) == 0
    _edit(a, "title", "Surat Sehat", "Judul dari A")
    assert main(["sync", str(a)]) == 0
    _edit(b, "steps.2.time", "10 menit", "11 menit")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _CHILD, str(b), point], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    # both readable
    Store.open(b).sops(UNIT)
    assert b"refs/heads/main" in Repo(str(remote)).refs.as_dict()
    # a re-run finishes it, and the other laptop gets everything
    assert main(["sync", str(b)]) == 0
    assert main(["sync", str(a)]) == 0
    for folder in (a, b):
        sop = Store.open(folder).sop(UNIT, "sop-001").sop
        assert (sop.title, sop.steps[1].time) == ("Judul dari A", "11 menit")
    assert not list((b / "sinkron").glob(".baca-*"))  # nothing of the killed run is left


_CLONE_CHILD = """
import os, signal, sys
from pathlib import Path
import workshop.sync.engine as engine
def step(name):
    if name == "applied":
        os.kill(os.getpid(), signal.SIGKILL)
engine._step = step
engine.sync(Path(sys.argv[1]), sys.argv[2])
"""


def test_a_copy_killed_while_being_stored_is_finished_by_a_rerun(tmp_path: Path) -> None:
    a = _workshop(tmp_path / "a")
    Store.open(a).add_unit("Kecamatan Garung")
    remote = _bare(tmp_path / "r.git")
    assert main(["sync", str(a), str(remote)]) == 0
    b = tmp_path / "b"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _CLONE_CHILD, str(b), str(remote)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert main(["sync", str(b)]) == 0
    assert Store.open(b).sops(UNIT) == Store.open(a).sops(UNIT)
    assert [u.slug for u in Store.open(b).units()] == [u.slug for u in Store.open(a).units()]
    head = Repo(str(remote)).refs[b"refs/heads/main"]
    assert main(["sync", str(a)]) == 0  # nothing new: the copy sent nothing back
    assert Repo(str(remote)).refs[b"refs/heads/main"] == head
