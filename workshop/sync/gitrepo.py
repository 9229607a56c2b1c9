"""The git side of the sync (dulwich, pure Python: no ``git`` program is needed).

A workshop's sync repository is a bare repository in ``<workshop>/sinkron/repo.git``; its
trees are bundles (``workshop/bundle.py``): ``workshop.yaml`` and ``<slug>/unit.yaml``,
``<slug>/<sop-id>.yaml``, byte for byte what ``export_bundle`` writes. The remote's branch is
``refs/heads/main``. A remote is a local path, a ``file://`` URL or a smart HTTP(S) URL;
credentials are passed per call (``Credentials``) and never written anywhere.

Reading a tree trusts nothing: only ``workshop.yaml`` and unit folders whose names are slugs
(``names.is_safe_name``) holding plain ``.yaml`` names (``export.naming.check_name``) are
taken, as regular blobs (a symlink, a submodule or an executable-bit trick is refused), and
the total is bounded by ``limits.BUNDLE_MAX_BYTES`` before it is written into a fresh private
folder that ``bundle.read_bundle`` then reads with every check of a bundle import.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from dulwich.client import HTTPUnauthorized, get_transport_and_path
from dulwich.errors import GitProtocolError, HangupException, NotGitRepository
from dulwich.objects import Blob, Commit, ObjectID, Tree
from dulwich.repo import Repo

from workshop import limits, portable
from workshop.bundle import WORKSHOP_YAML
from workshop.names import is_safe_name

BRANCH: Final = b"refs/heads/main"
REPO_DIR: Final = "repo.git"
FILE_MODE: Final = 0o100644
DIR_MODE: Final = 0o040000


class SyncError(Exception):
    """A sync that cannot go on; ``str(e)`` is the Indonesian message. Nothing local changed."""


class AuthError(SyncError):
    """The remote asked for a user name and token, or refused the ones given."""


@dataclass(frozen=True)
class Credentials:
    """A user name and token for smart HTTP(S); held in memory only."""

    username: str | None = None
    password: str | None = None


def open_repo(folder: Path) -> Repo:
    """The sync repository under ``folder`` (created, bare, when missing)."""
    path = folder / REPO_DIR
    if (path / "objects").is_dir():
        return Repo(str(path))
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{REPO_DIR}.{os.getpid()}.tmp"
    if tmp.exists():
        import shutil

        shutil.rmtree(tmp)
    tmp.mkdir()
    Repo.init_bare(str(tmp))
    os.replace(tmp, path)  # a half-made repository never sits under the real name
    return Repo(str(path))


# ---------------------------------------------------------------------------------------------
# Trees of bundle files
# ---------------------------------------------------------------------------------------------


def write_tree(repo: Repo, files: dict[tuple[str, ...], bytes], reuse: dict[str, bytes]) -> bytes:
    """Store ``files`` (``("workshop.yaml",)`` or ``(slug, name)``) as a tree; ``reuse`` maps
    a unit slug to the id of an already stored subtree for units not in ``files``."""
    objects: list[Any] = []
    units: dict[str, Tree] = {}
    root = Tree()
    for parts, data in sorted(files.items()):
        blob = Blob.from_string(data)
        objects.append(blob)
        if len(parts) == 1:
            root.add(parts[0].encode(), FILE_MODE, blob.id)
        else:
            units.setdefault(parts[0], Tree()).add(parts[1].encode(), FILE_MODE, blob.id)
    for slug, sub in units.items():
        objects.append(sub)
        root.add(slug.encode(), DIR_MODE, sub.id)
    for slug, tree_id in reuse.items():
        if slug not in units:
            root.add(slug.encode(), DIR_MODE, ObjectID(tree_id))
    objects.append(root)
    store = repo.object_store
    missing = [o for o in objects if o.id not in store]
    if missing:
        store.add_objects([(o, None) for o in missing])
    return root.id


def make_commit(repo: Repo, tree: bytes, parents: list[bytes], who: str, message: str) -> bytes:
    """Store a commit (author and committer ``who``) and return its id."""
    c = Commit()
    c.parents = [ObjectID(p) for p in parents]
    c.tree = ObjectID(tree)
    ident = f"{who} <{who}@sop-workshop>".encode()
    c.author = c.committer = ident
    c.commit_time = c.author_time = int(time.time())
    c.commit_timezone = c.author_timezone = 0
    c.encoding = b"UTF-8"
    c.message = message.encode("utf-8")
    repo.object_store.add_object(c)
    return c.id


def commit_tree(repo: Repo, commit: bytes) -> bytes:
    obj = repo.object_store[ObjectID(commit)]
    if not isinstance(obj, Commit):
        raise SyncError("Remote tidak berisi workshop: cabang 'main' tidak menunjuk ke commit.")
    return bytes(obj.tree)


def unit_trees(repo: Repo, tree: bytes | None) -> dict[str, bytes]:
    """Slug -> subtree id of every unit folder of a bundle tree (unsafe names are left out;
    ``read_tree`` refuses them)."""
    if tree is None:
        return {}
    out: dict[str, bytes] = {}
    for entry in _tree(repo, tree).iteritems():
        name = entry.path.decode("utf-8", "replace")
        if entry.mode == DIR_MODE and is_safe_name(name):
            out[name] = entry.sha
    return out


def root_blob(repo: Repo, tree: bytes | None, name: str) -> bytes | None:
    if tree is None:
        return None
    for entry in _tree(repo, tree).iteritems():
        if entry.path == name.encode():
            return bytes(entry.sha)
    return None


def _tree(repo: Repo, sha: bytes) -> Tree:
    obj = repo.object_store[ObjectID(sha)]
    if not isinstance(obj, Tree):
        raise SyncError("Remote tidak berisi workshop yang sah (isi repositori bukan bundel).")
    return obj


def _not_workshop(what: str) -> SyncError:
    return SyncError(
        f"Remote ini bukan workshop sop-workshop ({what}). Tidak ada yang diubah di workshop "
        "ini; periksa alamat remote."
    )


def materialise(repo: Repo, tree: bytes, units: Collection[str], out: Path) -> None:
    """Write ``workshop.yaml`` and the folders of ``units`` of a bundle tree into ``out`` (a
    fresh, empty folder), checking names, kinds and sizes; ``bundle.read_bundle(out)`` then
    reads it with every check of an import."""
    total = 0
    entries = {e.path: e for e in _tree(repo, tree).iteritems()}
    top = entries.get(WORKSHOP_YAML.encode())
    if top is None:
        raise _not_workshop(f"tidak ada {WORKSHOP_YAML}")
    wanted: list[tuple[tuple[str, ...], Any]] = [((WORKSHOP_YAML,), top)]
    for slug in units:
        entry = entries.get(slug.encode())
        if entry is None:
            continue
        if entry.mode != DIR_MODE:
            raise _not_workshop(f"'{slug}' bukan folder")
        for sub in _tree(repo, entry.sha).iteritems():
            name = sub.path.decode("utf-8", "replace")
            if not name.endswith(".yaml"):
                continue
            wanted.append(((slug, name), sub))
    for parts, entry in wanted:
        shown = "/".join(parts)
        if not _plain_name(parts):
            raise _not_workshop(f"nama berkas tidak sah: {shown[:80]!r}")
        if not stat.S_ISREG(entry.mode) or entry.mode == 0o120000:
            raise _not_workshop(f"{shown} bukan berkas biasa (tautan atau submodul)")
        blob = repo.object_store[entry.sha]
        if not isinstance(blob, Blob):
            raise _not_workshop(f"{shown} bukan berkas")
        data = blob.as_raw_string()
        total += len(data)
        if total > limits.BUNDLE_MAX_BYTES:
            raise SyncError(
                f"Isi remote lebih dari {limits.BUNDLE_MAX_BYTES // limits.MB} MB (batas satu "
                "bundel); tidak diambil. Tidak ada yang diubah di workshop ini."
            )
        folder = out
        for name in parts[:-1]:
            folder = folder / name
            if not folder.is_dir():
                folder.mkdir()
        fd = os.open(folder / parts[-1],
                     os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | portable.O_BINARY, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)


_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)


def _plain_name(parts: tuple[str, ...]) -> bool:
    """A unit folder is a slug; a file is a plain name (no '/', '..', device name)."""
    from workshop.export.naming import check_name

    if len(parts) == 2 and not is_safe_name(parts[0]):
        return False
    try:
        check_name(parts[-1])
    except ValueError:
        return False
    return True


def is_ancestor(repo: Repo, ancestor: bytes, commit: bytes) -> bool:
    """Whether ``ancestor`` is ``commit`` or one of its ancestors (objects must be local)."""
    if ancestor == commit:
        return True
    seen: set[bytes] = set()
    todo = [commit]
    while todo:
        sha = todo.pop()
        if sha in seen or ObjectID(sha) not in repo.object_store:
            continue
        seen.add(sha)
        obj = repo.object_store[ObjectID(sha)]
        if not isinstance(obj, Commit):
            continue
        for parent in obj.parents:
            if parent == ancestor:
                return True
            todo.append(parent)
    return False


# ---------------------------------------------------------------------------------------------
# Remotes
# ---------------------------------------------------------------------------------------------


def shown_url(url: str) -> str:
    """``url`` without any ``user:token@`` part (what is printed and remembered)."""
    if "://" in url and "@" in url.split("://", 1)[1].split("/", 1)[0]:
        scheme, rest = url.split("://", 1)
        host_part, _, path = rest.partition("/")
        return f"{scheme}://{host_part.rsplit('@', 1)[1]}/{path}"
    return url


def create_folder_remote(url: str) -> bool:
    """Make an empty bare repository at the folder ``url`` (a shared folder's new remote).

    True when one was made; False when a repository is already there (nothing to do). A URL
    (``file://``, HTTP) is refused, as is a folder that holds something other than a
    repository: the remote of a server is made on the server, and a folder with files in it is
    not silently turned into one.
    """
    if "://" in url:
        raise SyncError(
            f"--buat-remote hanya untuk folder (mis. folder bersama); {shown_url(url)} dibuat "
            "di servernya (Gitea/GitLab)."
        )
    path = Path(url)
    if (path / "objects").is_dir() or (path / ".git").is_dir():
        return False
    if path.is_symlink() or (path.exists() and (not path.is_dir() or any(path.iterdir()))):
        raise SyncError(
            f"{url} sudah berisi berkas lain dan bukan repositori git; pilih folder baru atau "
            "folder kosong untuk remote."
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        Repo.init_bare(str(path))
    except OSError as e:
        raise SyncError(f"Remote tidak dapat dibuat di {url}: {e.strerror or e}.") from None
    return True


def _client(url: str, creds: Credentials) -> tuple[Any, str]:
    if "://" not in url:
        path = Path(url)
        if not (path / "objects").is_dir() and not (path / ".git").is_dir():
            raise SyncError(
                f"Remote {url} tidak ditemukan atau bukan repositori git. Tidak ada yang diubah "
                "di workshop ini; periksa jalurnya (untuk remote baru di sebuah folder: tambahkan "
                "--buat-remote)."
            )
        url = str(path.resolve())
    try:
        return get_transport_and_path(url, username=creds.username, password=creds.password)
    except ValueError as e:
        raise SyncError(f"Alamat remote tidak dikenali: {shown_url(url)} ({e}).") from None


def _remote_failure(url: str, e: BaseException) -> SyncError:
    """The Indonesian message for a failed fetch or push (``AuthError`` for 401)."""
    shown = shown_url(url)
    if isinstance(e, HTTPUnauthorized):
        return AuthError(
            f"Remote {shown} menolak: nama pengguna atau token salah (atau belum diberikan). "
            "Berikan lewat SOP_WORKSHOP_GIT_USER dan SOP_WORKSHOP_GIT_TOKEN. Tidak ada yang "
            "diubah di workshop ini."
        )
    if isinstance(e, NotGitRepository):
        return SyncError(f"Remote {shown} bukan repositori git. Tidak ada yang diubah.")
    if _connection_failed(e):
        return SyncError(
            f"Remote {shown} tidak dapat dihubungi (alamat salah, server mati, atau tidak ada "
            "jaringan). Tidak ada yang diubah di workshop ini; periksa alamat dan jaringan, "
            "lalu ulangi."
        )
    if isinstance(e, (HangupException, GitProtocolError)):
        return SyncError(
            f"Remote {shown} menolak atau memutus sambungan ({e}). Tidak ada yang diubah di "
            "workshop ini."
        )
    return SyncError(
        f"Remote {shown} tidak dapat dihubungi ({type(e).__name__}: {e}). Periksa alamat dan "
        "jaringan; tidak ada yang diubah di workshop ini."
    )


def _connection_failed(e: BaseException) -> bool:
    """Whether ``e`` (or what it wraps) is a connection that could not be made."""
    import urllib3.exceptions

    seen: set[int] = set()
    todo: list[BaseException] = [e]
    while todo:
        x = todo.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, (urllib3.exceptions.MaxRetryError, urllib3.exceptions.NewConnectionError,
                          ConnectionError, TimeoutError)):
            return True
        todo += [a for a in x.args if isinstance(a, BaseException)]
        todo += [c for c in (x.__cause__, x.__context__) if c is not None]
    return "Failed to establish a new connection" in str(e)


def _network_errors() -> tuple[type[BaseException], ...]:
    import urllib3.exceptions

    return (
        HTTPUnauthorized,
        NotGitRepository,
        GitProtocolError,
        OSError,
        urllib3.exceptions.HTTPError,
    )


def fetch(repo: Repo, url: str, creds: Credentials) -> bytes | None:
    """Fetch the remote's ``main`` into ``repo``; its commit id, or None for an empty remote."""
    client, path = _client(url, creds)
    want: list[bytes] = []

    def determine_wants(refs: Any, depth: int | None = None) -> list[Any]:
        head = refs.get(BRANCH)
        if head is not None and head not in repo.object_store:
            want.append(head)
        return want

    try:
        result = client.fetch(path, repo, determine_wants=determine_wants)
    except _network_errors() as e:
        raise _remote_failure(url, e) from None
    refs = result.refs or {}
    head = refs.get(BRANCH)
    if head is None and refs:
        raise _not_workshop("tidak ada cabang 'main'")
    return bytes(head) if head is not None else None


def push(repo: Repo, url: str, creds: Credentials, old: bytes | None, new: bytes) -> int:
    """Set the remote's ``main`` from ``old`` to ``new`` (refused when it moved meanwhile);
    returns the number of objects sent."""
    client, path = _client(url, creds)
    moved: list[bytes | None] = []
    sent = [0]

    def update_refs(refs: dict[Any, Any]) -> dict[Any, Any]:
        current = refs.get(BRANCH)
        if current != old:
            moved.append(current)
            return {}
        return {BRANCH: new}

    def generate(have: Any, want: Any, *, ofs_delta: bool = False,
                 progress: Callable[..., None] | None = None) -> tuple[int, Iterator[Any]]:
        count, objects = repo.generate_pack_data(
            set(have), set(want), progress=progress, ofs_delta=ofs_delta
        )
        sent[0] = count
        return count, objects

    try:
        result = client.send_pack(path.encode() if isinstance(path, str) else path,
                                  update_refs, generate_pack_data=generate)
    except _network_errors() as e:
        raise _remote_failure(url, e) from None
    if moved:
        raise SyncError(
            "Remote berubah selama sinkronisasi (orang lain baru saja mengirim). Jalankan "
            "sinkronisasi sekali lagi."
        )
    for ref, error in (result.ref_status or {}).items():
        if error is not None:
            raise SyncError(f"Remote menolak pembaruan {ref.decode(errors='replace')}: {error}.")
    return sent[0]
