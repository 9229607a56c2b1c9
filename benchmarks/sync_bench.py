"""Sync and province-view figures for ``benchmarks/run.py`` (issue 23).

- ``sync_first``: the first sync of the synthetic workshop into an empty bare repository on disk
  (every unit exported, packed, pushed), s. For diagnosis: later syncs reuse it.
- ``sync``: one SOP title changed, then ``sop-workshop sync`` (commit of the changed unit only,
  fetch, push), s; median of a few runs.
- ``sync_bytes``: what that sync added to the remote repository on disk (the pack sent), bytes;
  median of the same runs.
- ``province_first_board``: ``read_province`` over 35 remotes (copies of the synced one, each
  under its own kabupaten name, hard-linked packs), from the call until the first board is
  ready (fetch into an empty cache + read through the bundle checks), s.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

PROVINCE_WORKSHOPS = 35


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _bare(path: Path) -> Path:
    from dulwich.repo import Repo

    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    Repo.init_bare(str(path))
    return path


def measure_sync(folder: Path, work: Path, runs: int) -> dict[str, Any]:
    from workshop.store import FieldChange, Store
    from workshop.sync.engine import SYNC_DIR, sync

    shutil.rmtree(folder / SYNC_DIR, ignore_errors=True)
    remote = _bare(work / "remote.git")
    t = time.perf_counter()
    sync(folder, str(remote))
    first = time.perf_counter() - t
    store = Store.open(folder)
    unit = store.units()[len(store.units()) // 2].slug
    record = store.sops(unit)[0]
    seconds: list[float] = []
    sent: list[int] = []
    title = record.sop.title
    for i in range(runs):
        new = f"{record.sop.title} (ubah {i})"
        store.edit_sop(unit, record.id, [FieldChange("title", title, new)])
        title = new
        before = _size(remote)
        t = time.perf_counter()
        report = sync(folder)
        seconds.append(time.perf_counter() - t)
        assert report.pushed
        sent.append(_size(remote) - before)
    return {"first": first, "seconds": statistics.median(seconds),
            "bytes": statistics.median(sent), "remote": remote}


def _with_region(src: Path, dst: Path, region: str) -> Path:
    """A copy of the bare repository ``src`` whose ``main`` has a commit on top that names
    another kabupaten in ``workshop.yaml``."""
    from dulwich.objects import Blob, Commit, Tree
    from dulwich.repo import Repo

    shutil.rmtree(dst, ignore_errors=True)  # a --keep folder from an earlier run
    shutil.copytree(src, dst, copy_function=os.link)
    repo = Repo(str(dst))
    head = repo.refs[b"refs/heads/main"]
    commit = repo.object_store[head]
    assert isinstance(commit, Commit)
    tree = repo.object_store[commit.tree]
    assert isinstance(tree, Tree)
    _mode, sha = tree[b"workshop.yaml"]
    blob = repo.object_store[sha]
    assert isinstance(blob, Blob)
    text = blob.as_raw_string().replace(b"host_government: ''",
                                        f"host_government: {region}".encode(), 1)
    new_blob = Blob.from_string(text)
    new_tree = Tree()
    for entry in tree.iteritems():
        new_tree.add(entry.path, entry.mode, new_blob.id if entry.path == b"workshop.yaml"
                     else entry.sha)
    new_commit = Commit()
    new_commit.tree = new_tree.id
    new_commit.parents = [head]
    new_commit.author = new_commit.committer = b"bench <bench@sop-workshop>"
    new_commit.commit_time = new_commit.author_time = 0
    new_commit.commit_timezone = new_commit.author_timezone = 0
    new_commit.message = b"wilayah"
    for obj in (new_blob, new_tree, new_commit):
        repo.object_store.add_object(obj)
    repo.refs[b"refs/heads/main"] = new_commit.id
    return dst


class _First(Exception):
    pass


def measure_province(remote: Path, work: Path) -> float:
    from workshop.sync.gitrepo import Credentials
    from workshop.sync.province import read_province

    remotes = [
        _with_region(remote, work / f"kab-{i:02d}.git", f"Kabupaten Sintetis {i:02d}")
        for i in range(1, PROVINCE_WORKSHOPS + 1)
    ]
    out = work / "provinsi"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()

    def first(_board: object) -> None:
        raise _First

    t = time.perf_counter()
    with contextlib.suppress(_First):
        read_province(out, [str(r) for r in remotes], lambda _u: Credentials(), first)
    return time.perf_counter() - t
