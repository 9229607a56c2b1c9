"""``sync``: the workshop <-> a git remote, one step at a time, each safe to interrupt.

1. lock (``sinkron/sync.lock``: one sync at a time per workshop);
2. commit the local state: the bundle files (``bundle.bundle_jobs``) as a tree, parent = the
   last synced commit (the *base*, kept in ``sinkron/status.json``). Units whose file did not
   change since the last sync (``Store.unit_token``) reuse their subtree, so a sync of a
   province-size workshop exports only what changed;
3. fetch the remote's ``main`` (*theirs*). A remote whose history does not contain the base,
   an unreachable one, a wrong token, a repository that is not a workshop: ``SyncError`` with an
   Indonesian message, and nothing local changed;
4. read base, ours and theirs through the bundle import's checks (``gitrepo.materialise`` +
   ``bundle.read_bundle``), only the units whose trees differ, and merge them record by record
   (``merge.merge_states``). Conflicts stop the sync here, nothing stored, until each one has a
   choice;
5. check the scope: a unit-scoped sync refuses any outgoing change outside its unit;
6. store the merged state (``Store`` methods, one batch per file: each file replaced
   atomically), export it and commit it (parents: ours and theirs), push it (refused if the
   remote moved meanwhile), and only then remember it as the new base.

Every step is idempotent: objects are content-addressed, and a re-run after a kill at any point
sees the half-applied local state as "ours" and merges it again to the same result (the remote
already holds it, or the same merge is made and pushed).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from filelock import FileLock, Timeout

from workshop.bundle import BundleError, bundle_jobs, read_bundle
from workshop.model import Event
from workshop.store import FACILITATOR, Store, StoreError
from workshop.sync import gitrepo
from workshop.sync.gitrepo import Credentials, SyncError
from workshop.sync.merge import Conflict, State, UnitState, merge_states, state_of

SYNC_DIR: Final = "sinkron"
STATUS_FILE: Final = "status.json"
LOCK_FILE: Final = "sync.lock"


def _step(name: str) -> None:
    """A named point between two steps (tests replace this to kill the process there)."""


@dataclass
class SyncReport:
    """What a sync did. ``conflicts`` non-empty: nothing was stored or sent."""

    remote: str
    incoming: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    pushed: bool = False
    objects_sent: int = 0
    head: str = ""
    messages: list[str] = field(default_factory=list)


@dataclass
class _Status:
    base: bytes | None = None
    remote: str = ""
    tokens: dict[str, tuple[list[int], str]] = field(default_factory=dict)
    cloning: bool = False  # a first copy from the remote is being stored (see _sync_locked)


def _read_status(folder: Path) -> _Status:
    path = folder / STATUS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _Status()
    except (OSError, ValueError) as e:
        raise SyncError(f"{path} tidak dapat dibaca ({e}); hapus berkas itu lalu ulangi.") from None
    base = data.get("base")
    tokens = {
        str(k): (list(v[0]), str(v[1]))
        for k, v in (data.get("tokens") or {}).items()
        if isinstance(v, list) and len(v) == 2
    }
    return _Status(bytes(base, "ascii") if base else None, str(data.get("remote") or ""), tokens,
                   data.get("cloning") is True)


def _write_status(folder: Path, status: _Status) -> None:
    from workshop.writing import write_text_atomic

    data = {
        "base": status.base.decode() if status.base else None,
        "remote": status.remote,
        "tokens": {k: [list(t), tree] for k, (t, tree) in sorted(status.tokens.items())},
        "cloning": status.cloning,
    }
    write_text_atomic(folder / STATUS_FILE, json.dumps(data, indent=1) + "\n", inside=folder)


def remembered_remote(workshop: Path) -> str:
    """The remote of the last sync of ``workshop`` ('' when none)."""
    try:
        return _read_status(Path(workshop) / SYNC_DIR).remote
    except SyncError:
        return ""


# ---------------------------------------------------------------------------------------------


def _commit_local(
    store: Store, repo: Any, status: _Status, who: str
) -> tuple[bytes, dict[str, tuple[list[int], str]]]:
    """Commit the local state (parent: the base) unless it equals the base; the commit id and
    the unit tokens with the subtree ids of this state."""
    slugs = [u.slug for u in store.units()]
    tokens = {s: list(store.unit_token(s)) for s in slugs}  # before reading: a later change
    reuse: dict[str, bytes] = {}  # is seen next time
    changed: list[str] = []
    for slug in slugs:
        cached = status.tokens.get(slug)
        tree = cached[1].encode() if cached else b""
        if cached and cached[0] == tokens[slug] and tree in repo.object_store:
            reuse[slug] = tree
        else:
            changed.append(slug)
    files = {job.parts: _bytes(job.make()) for job in bundle_jobs(store, changed)}
    tree = gitrepo.write_tree(repo, files, reuse)
    subtrees = gitrepo.unit_trees(repo, tree)
    new_tokens = {s: (tokens[s], subtrees[s].decode()) for s in slugs if s in subtrees}
    if status.base is not None and gitrepo.commit_tree(repo, status.base) == tree:
        return status.base, new_tokens
    parents = [status.base] if status.base is not None else []
    return gitrepo.make_commit(repo, tree, parents, who, f"Perubahan di {store.path.name}"), (
        new_tokens
    )


def _read_state(repo: Any, commit: bytes | None, units: set[str], tmp: Path, side: str) -> State:
    """A commit's state, read through the bundle import's checks (only ``units``' data)."""
    if commit is None:
        return State()
    folder = Path(tempfile.mkdtemp(prefix=f"{side}-", dir=tmp))
    gitrepo.materialise(repo, gitrepo.commit_tree(repo, commit), units, folder)
    _step("reading")
    try:
        bundle = read_bundle(folder)
    except BundleError as e:
        where = "remote" if side == "theirs" else "riwayat sinkronisasi"
        raise SyncError(
            f"Isi {where} tidak lolos pemeriksaan bundel: {e} Tidak ada yang diubah di "
            "workshop ini."
        ) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return state_of(bundle)


def _owner(key: str, state: State, other: State) -> str | None:
    """The unit a record belongs to (None: the facilitator's own: event, sessions)."""
    prefix, _, rest = key.partition("/")
    if prefix != "workshop":
        return prefix
    kind, _, ident = rest.partition("/")
    if kind == "unit":
        return ident
    if kind == "member":
        m = state.members.get(ident) or other.members.get(ident)
        return m.unit if m else None
    if kind == "vote":
        return ident.split("/", 1)[0]
    return None


def _scope_refusals(
    base: State, ours: State, scope: str, changed_units: set[str]
) -> list[str]:
    """Outgoing changes a unit-scoped sync may not make (Indonesian lines)."""
    if scope == FACILITATOR:
        return []
    out: list[str] = []
    for slug in sorted(changed_units):
        if slug != scope:
            out.append(f"data unit '{slug}'")
    pairs: list[tuple[str, Any, Any]] = [("workshop/event", base.event, ours.event)]
    for kind, b, o in (
        ("unit", base.units, ours.units),
        ("member", base.members, ours.members),
        ("session", base.sessions, ours.sessions),
        ("vote", base.votes, ours.votes),
    ):
        for key in {*b, *o}:
            pairs.append((f"workshop/{kind}/{key}", b.get(key), o.get(key)))
    for key, b, o in pairs:
        if b != o and _owner(key, ours, base) != scope:
            out.append(key.removeprefix("workshop/"))
    return out


def _check_scope(repo: Any, folder: Path, base: bytes | None, ours: bytes, scope: str) -> None:
    """Refuse (SyncError) a unit-scoped sync whose local changes leave its unit."""
    if base is None:
        raise SyncError(
            "Workshop ini belum pernah disinkronkan: fasilitator menyinkronkan lebih dulu, "
            "tim unit sesudahnya."
        )
    if ours == base:
        return
    b_units = gitrepo.unit_trees(repo, gitrepo.commit_tree(repo, base))
    o_units = gitrepo.unit_trees(repo, gitrepo.commit_tree(repo, ours))
    outgoing = {s for s in {*o_units, *b_units} if o_units.get(s) != b_units.get(s)}
    tmp = Path(tempfile.mkdtemp(prefix=".baca-", dir=folder))
    try:
        base_state = _read_state(repo, base, set(), tmp, "base")
        ours_state = _read_state(repo, ours, set(), tmp, "ours")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    refused = _scope_refusals(base_state, ours_state, scope, outgoing)
    if refused:
        raise SyncError(
            f"Anda menyinkronkan sebagai unit '{scope}' dan tidak boleh mengubah data di luar "
            f"unit itu: {', '.join(refused[:10])}. Tidak ada yang diubah atau dikirim; minta "
            "fasilitator menyinkronkan perubahan itu."
        )


def _apply(store: Store, ours: State, merged: State, units: set[str]) -> None:
    """Store ``merged`` where it differs from ``ours`` (one batch for workshop.json, one per
    unit file: each file is replaced atomically)."""
    with store.batch():
        if merged.event != ours.event:
            store.update_event(**{f.name: getattr(merged.event, f.name)
                                  for f in dataclasses.fields(Event)})
        for slug, unit in merged.units.items():
            old = ours.units.get(slug)
            if old is None:
                store.restore_unit(unit)
            elif old != unit:
                store.update_unit(slug, **{k: v for k, v in vars(unit).items()
                                           if k not in ("slug", "pin_hash")})
                if old.pin_hash != unit.pin_hash:
                    store.set_pin_hash(slug, unit.pin_hash)
        for mid, member in merged.members.items():
            old_m = ours.members.get(mid)
            if old_m is None:
                store.add_member_record(member)
            elif old_m != member:
                store.update_member(mid, **{k: v for k, v in vars(member).items()
                                            if k not in ("id", "unit")})
        for sid, session in merged.sessions.items():
            old_s = ours.sessions.get(sid)
            if old_s is None:
                store.add_session(session)
            elif old_s != session:
                store.save_session(session)
        for sid in ours.sessions.keys() - merged.sessions.keys():
            store.remove_session(sid)
        for key, vote in merged.votes.items():
            if ours.votes.get(key) != vote:
                store.set_vote(vote)
        for key in ours.votes.keys() - merged.votes.keys():
            vote = ours.votes[key]
            if vote.member in merged.members:
                store.set_vote(dataclasses.replace(vote, count=0))
        for mid in ours.members.keys() - merged.members.keys():
            if ours.members[mid].unit in merged.units:
                store.remove_member(mid)
    empty = UnitState()
    for slug in sorted(units):
        if slug not in merged.units:
            continue
        o = ours.unit_data.get(slug, empty)
        m = merged.unit_data.get(slug, empty)
        with store.batch():
            store.add_needs(slug, [r for k, r in m.needs.items() if k not in o.needs])
            for k, row in m.needs.items():
                if k in o.needs and o.needs[k] != row:
                    store.update_need(slug, k, **{f: v for f, v in vars(row).items()
                                                  if f != "id"})
            for k in o.needs.keys() - m.needs.keys():
                store.remove_need(slug, k)
            store.add_existing_sops(slug, [r for k, r in m.existing.items()
                                           if k not in o.existing])
            for k, ex in m.existing.items():
                if k in o.existing and o.existing[k] != ex:
                    store.update_existing_sop(slug, k, **{f: v for f, v in vars(ex).items()
                                                          if f != "id"})
            for k in o.existing.keys() - m.existing.keys():
                store.remove_existing_sop(slug, k)
            store.add_sop_records(slug, [r for k, r in m.sops.items() if k not in o.sops])
            for k, rec in m.sops.items():
                if k in o.sops and o.sops[k] != rec:
                    store.update_record(slug, k, _replace_with(rec), "sop.sync")
            for k in o.sops.keys() - m.sops.keys():
                store.remove_sop(slug, k)
    for slug in ours.units.keys() - merged.units.keys():
        store.remove_unit(slug)


def _replace_with(new: Any) -> Callable[[Any], None]:
    def fn(record: Any) -> None:
        for f in dataclasses.fields(record):
            setattr(record, f.name, getattr(new, f.name))

    return fn


def _diverged(url: str) -> SyncError:
    return SyncError(
        f"Riwayat remote {gitrepo.shown_url(url)} tidak memuat sinkronisasi terakhir workshop "
        "ini (riwayatnya ditulis ulang, atau ini remote workshop lain). Tidak ada yang diubah. "
        "Periksa alamat remote; bila remote memang diganti, sinkronkan ke folder workshop baru."
    )


def sync(
    workshop: Path,
    remote: str | None = None,
    *,
    creds: Credentials | None = None,
    scope: str = FACILITATOR,
    choices: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> SyncReport:
    """Sync the workshop folder ``workshop`` with ``remote`` (or the remembered one).

    ``scope``: FACILITATOR or a unit slug (the caller has checked its PIN). ``choices``: the
    facilitator's choice per conflict key (``merge.LOCAL`` / ``merge.REMOTE``). A folder that
    is not a workshop yet (missing or empty) becomes a copy of the remote's workshop.
    Raises ``SyncError`` (nothing local changed) or ``StoreError``.
    """
    say = progress or (lambda _m: None)
    workshop = Path(workshop)
    creds = creds or Credentials()
    if not Store.is_workshop(workshop):
        if workshop.exists() and (not workshop.is_dir() or any(workshop.iterdir())):
            raise SyncError(f"{workshop} bukan folder workshop (dan tidak kosong).")
        if not remote:
            raise SyncError("Folder ini belum berisi workshop: sebutkan remote yang disalin.")
        existed = workshop.exists()
        Store.create(workshop, workshop.resolve().name)
        try:
            return _sync(workshop, remote, creds, scope, choices or {}, say)
        except BaseException:  # a copy that did not come: the folder is as it was
            for child in list(workshop.iterdir()) if existed else []:
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink()
            if not existed:
                shutil.rmtree(workshop, ignore_errors=True)
            raise
    return _sync(workshop, remote, creds, scope, choices or {}, say)


def _sync(
    workshop: Path, remote: str | None, creds: Credentials, scope: str,
    choices: Mapping[str, str], say: Callable[[str], None],
) -> SyncReport:
    store = Store.open(workshop)
    folder = workshop / SYNC_DIR
    folder.mkdir(exist_ok=True)
    try:
        with FileLock(str(folder / LOCK_FILE), timeout=0):
            return _sync_locked(store, folder, remote, creds, scope, choices, say)
    except Timeout:
        raise SyncError("Sinkronisasi lain untuk workshop ini sedang berjalan; tunggu.") from None


def _sync_locked(
    store: Store, folder: Path, remote: str | None, creds: Credentials, scope: str,
    choices: Mapping[str, str], say: Callable[[str], None],
) -> SyncReport:
    for leftover in folder.glob(".baca-*"):  # of a sync killed while reading (we hold the lock)
        shutil.rmtree(leftover, ignore_errors=True)
    status = _read_status(folder)
    url = remote or status.remote
    if not url:
        raise SyncError("Remote belum ditentukan: sop-workshop sync FOLDER REMOTE.")
    report = SyncReport(remote=gitrepo.shown_url(url))
    repo = gitrepo.open_repo(folder)
    who = scope if scope != FACILITATOR else "fasilitator"
    say("Menyimpan keadaan lokal…")
    ours_commit, tokens = _commit_local(store, repo, status, who)
    if scope != FACILITATOR:
        _check_scope(repo, folder, status.base, ours_commit, scope)
    _step("committed")
    say("Mengambil dari remote…")
    theirs = gitrepo.fetch(repo, url, creds)
    _step("fetched")
    # A first copy: nothing local yet, or a copy killed while being stored (its units are there
    # but no base): the local state counts as the base, so everything of the remote comes in.
    fresh = status.base is None and (not store.units() or status.cloning)
    if theirs is None:
        if status.base is not None:
            raise _diverged(url)
        return _finish_push(repo, url, creds, folder, status, report, None, ours_commit, tokens)
    if status.base is not None and not gitrepo.is_ancestor(repo, status.base, theirs):
        raise _diverged(url)
    if status.base is None and not fresh:
        raise SyncError(
            f"Workshop ini belum pernah disinkronkan, dan remote {report.remote} sudah berisi "
            "workshop. Tidak ada yang diubah. Untuk bergabung dengan workshop di remote, "
            "sinkronkan ke folder baru yang kosong: sop-workshop sync FOLDER-BARU REMOTE."
        )
    if theirs == status.base or ours_commit == theirs:
        return _finish_push(repo, url, creds, folder, status, report, theirs, ours_commit, tokens)

    base_tree = gitrepo.commit_tree(repo, status.base) if status.base else None
    ours_tree = gitrepo.commit_tree(repo, ours_commit)
    theirs_tree = gitrepo.commit_tree(repo, theirs)
    b_units = gitrepo.unit_trees(repo, base_tree)
    o_units = gitrepo.unit_trees(repo, ours_tree)
    t_units = gitrepo.unit_trees(repo, theirs_tree)
    read = {s for s in {*o_units, *t_units} if o_units.get(s) != t_units.get(s)}
    outgoing = {s for s in {*o_units, *b_units} if o_units.get(s) != b_units.get(s)}
    say("Membaca dan memeriksa perubahan…")
    tmp = Path(tempfile.mkdtemp(prefix=".baca-", dir=folder))
    try:
        theirs_state = _read_state(repo, theirs, read, tmp, "theirs")
        ours_state = _read_state(repo, ours_commit, read | outgoing, tmp, "ours")
        base_state = (
            _read_state(repo, status.base, read | outgoing, tmp, "base") if not fresh
            else ours_state
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    merged = merge_states(base_state, ours_state, theirs_state, choices, read)
    report.incoming = merged.incoming
    if merged.conflicts:
        report.conflicts = merged.conflicts
        return report
    _step("merged")
    if merged.incoming:
        say("Menyimpan perubahan yang masuk…")
        if fresh and not status.cloning:
            _write_status(folder, dataclasses.replace(status, remote=report.remote, cloning=True))
        store.backup("sebelum sinkronisasi")
        try:
            _apply(store, ours_state, merged.state, read)
        except StoreError as e:
            raise SyncError(f"Perubahan dari remote tidak dapat disimpan: {e.message}") from None
    _step("applied")
    merged_commit, tokens = _commit_local(
        store, repo, dataclasses.replace(status, tokens=tokens), who
    )
    if gitrepo.commit_tree(repo, merged_commit) == theirs_tree:
        head = theirs
    else:
        head = gitrepo.make_commit(
            repo, gitrepo.commit_tree(repo, merged_commit), [ours_commit, theirs], who,
            "Gabungan sinkronisasi",
        )
    _step("merge-committed")
    return _finish_push(repo, url, creds, folder, status, report, theirs, head, tokens)


def _finish_push(
    repo: Any, url: str, creds: Credentials, folder: Path, status: _Status, report: SyncReport,
    theirs: bytes | None, head: bytes, tokens: dict[str, tuple[list[int], str]],
) -> SyncReport:
    if head != theirs:
        report.objects_sent = gitrepo.push(repo, url, creds, theirs, head)
        report.pushed = True
    _step("pushed")
    _write_status(folder, _Status(head, gitrepo.shown_url(url), tokens))
    report.head = head.decode()
    return report


def conflict_lines(conflicts: list[Conflict]) -> list[str]:
    """Each conflict with both values, for the command line and the TUI (Indonesian)."""
    from workshop.store.errors import show_value

    lines: list[str] = []
    for c in conflicts:
        what = c.key if c.path else f"{c.key} (seluruh data)"
        lines.append(f"KONFLIK {what}")
        lines.append(f"  lokal : {_shown(c.local, show_value)}")
        lines.append(f"  remote: {_shown(c.remote, show_value)}")
    return lines


def _shown(value: Any, show: Callable[[Any], str]) -> str:
    if value is None:
        return "(dihapus / tidak ada)"
    with contextlib.suppress(Exception):
        if dataclasses.is_dataclass(value):
            title = getattr(getattr(value, "sop", value), "title", None)
            if title is not None:
                return f"{type(value).__name__} '{title}'"
    return show(value)


def _bytes(content: str | bytes) -> bytes:
    """A job's content as bytes (a bundle's YAML is text; a job may also make bytes)."""
    return content if isinstance(content, bytes) else content.encode("utf-8")
