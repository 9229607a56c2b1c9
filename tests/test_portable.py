"""``workshop.portable``: the Windows branches, exercised on any machine.

No Windows machine runs these tests: each Windows behaviour is injected (``IS_WINDOWS`` patched,
a fake kernel32 standing for ctypes' ``WinDLL``, ``os.replace`` failing as Windows fails while
another program holds the file open, stdout encoded as cp1252).
"""

from __future__ import annotations

import ast
import io
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any, Final

import pytest

from workshop import cli, portable, presence, serve
from workshop.exporting import write_text_atomic
from workshop.store import Store
from workshop.tui import recent

SOP_FILE = Path(__file__).parent / "data" / "sop" / "surat-masuk.yaml"

# -- is a process alive -----------------------------------------------------------------------


class FakeKernel32:
    """kernel32 as ``OpenProcess`` / ``GetExitCodeProcess`` / ``CloseHandle`` behave: a process
    table of pid -> exit code (259 while running); ``denied`` pids exist but refuse access."""

    def __init__(self, processes: dict[int, int], denied: frozenset[int] = frozenset()) -> None:
        self.processes = processes
        self.denied = denied
        self.handles: dict[int, int] = {}
        self.last_error = 0

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int | None:
        assert access == 0x1000  # PROCESS_QUERY_LIMITED_INFORMATION
        if pid in self.denied:
            self.last_error = 5  # ERROR_ACCESS_DENIED
            return None
        if pid not in self.processes:
            self.last_error = 87  # ERROR_INVALID_PARAMETER
            return None
        handle = 1000 + len(self.handles) + 1
        self.handles[handle] = pid
        return handle

    def GetExitCodeProcess(self, handle: int, code: Any) -> int:
        code._obj.value = self.processes[self.handles[handle]]  # through ctypes.byref
        return 1

    def CloseHandle(self, handle: int) -> int:
        del self.handles[handle]
        return 1

    def GetCurrentProcess(self) -> int:
        return -1  # Windows' pseudo-handle for the calling process

    def SetPriorityClass(self, handle: int, priority: int) -> int:
        self.priority = (handle, priority)
        return 1


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> FakeKernel32:
    """Windows as far as :mod:`workshop.portable` can tell; ``os.kill`` must not be called
    (on Windows it sends CTRL_C_EVENT instead of testing)."""
    fake = FakeKernel32({4242: 0, 4343: 259}, denied=frozenset({4444}))
    monkeypatch.setattr(portable, "IS_WINDOWS", True)
    monkeypatch.setattr(portable, "_kernel32", lambda: fake)
    monkeypatch.setattr(portable, "_last_error", lambda: fake.last_error)

    def no_kill(pid: int, sig: int) -> None:
        raise AssertionError(f"os.kill({pid}, {sig}) on Windows")

    monkeypatch.setattr(os, "kill", no_kill)
    return fake


def test_windows_process_check_reads_the_exit_code(windows: FakeKernel32) -> None:
    assert portable.pid_alive(4343)  # STILL_ACTIVE
    assert not portable.pid_alive(4242)  # exited with 0, handle still around
    assert not portable.pid_alive(99999)  # no such process
    assert portable.pid_alive(4444)  # someone else's: exists
    assert portable.pid_alive(os.getpid())
    assert not portable.pid_alive(0)
    assert windows.handles == {}  # every handle closed


def test_posix_process_check() -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    assert not portable.pid_alive(int(done.stdout))
    assert portable.pid_alive(os.getpid())
    assert not portable.pid_alive(0)
    assert not portable.pid_alive(-1)


def test_windows_lowers_priority_with_set_priority_class(
        windows: FakeKernel32, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_nice(*args: int) -> None:
        raise AssertionError("os.setpriority on Windows")

    monkeypatch.setattr(os, "setpriority", no_nice, raising=False)
    portable.lower_priority()
    assert windows.priority == (-1, 0x4000)  # BELOW_NORMAL_PRIORITY_CLASS


@pytest.mark.skipif(not hasattr(os, "nice"), reason="POSIX: os.nice")
def test_posix_lowers_priority_with_nice() -> None:
    """In a child process (a nice value cannot be lowered again by its own user), called from
    another thread, as the participant's driver does: the main thread gives way too."""
    code = ("import os, threading; from workshop import portable; before = os.nice(0); "
            "t = threading.Thread(target=portable.lower_priority); t.start(); t.join(); "
            "print(os.nice(0) - before)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[1])
    assert int(done.stdout) == portable.NICER or os.nice(0) + portable.NICER > 19


def test_on_windows_a_dead_writers_temp_file_is_removed_without_os_kill(
        tmp_path: Path, windows: FakeKernel32) -> None:
    Store.create(tmp_path / "ws", "Pendampingan SOP")
    dead = tmp_path / "ws" / ".workshop.json.4242.0badcafe.tmp"
    live = tmp_path / "ws" / ".workshop.json.4343.0badcafe.tmp"
    dead.write_bytes(b"{")
    live.write_bytes(b"{")
    Store.open(tmp_path / "ws")
    assert not dead.exists()
    assert live.exists()  # a writer still at work keeps its file


def test_on_windows_the_join_screen_forgets_a_dead_server(
        tmp_path: Path, windows: FakeKernel32) -> None:
    store = Store.create(tmp_path / "ws", "Pendampingan SOP")
    store.presence.write(serve.SERVE_PRESENCE, {"unit": "fasilitator", "url": "http://x:8000",
                                                "pid": 4242, "serve": True})
    assert serve.serving_url(store) is None
    store.presence.write(serve.SERVE_PRESENCE, {"unit": "fasilitator", "url": "http://x:8000",
                                                "pid": 4343, "serve": True})
    assert serve.serving_url(store) == "http://x:8000"


def test_on_windows_a_dead_participants_heartbeat_is_dropped(
        tmp_path: Path, windows: FakeKernel32) -> None:
    store = Store.create(tmp_path / "ws", "Pendampingan SOP")
    store.add_unit("Dinas Kesehatan")
    for name, pid in (("p4242-aaaaaa", 4242), ("p4343-bbbbbb", 4343)):
        store.presence.write(name, {"unit": "dinas-kesehatan", "pid": pid, "seen": 1000.0})
    names = [p.id for p in presence.connected(store, now=lambda: 1001.0)]
    assert names == ["p4343-bbbbbb"]


# -- file modes -------------------------------------------------------------------------------


def test_export_writes_without_os_fchmod(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.11/3.12 on Windows has no ``os.fchmod``: every export failed."""
    monkeypatch.delattr(os, "fchmod", raising=False)
    monkeypatch.setattr(portable, "IS_WINDOWS", True)
    write_text_atomic(tmp_path / "a.md", "⬭ ◇\n")
    assert (tmp_path / "a.md").read_bytes() == "⬭ ◇\n".encode()


def test_without_fchmod_the_mode_is_set_on_the_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fchmod", raising=False)
    write_text_atomic(tmp_path / "a.md", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o666 & ~umask


# -- the user's configuration folder ----------------------------------------------------------


@pytest.fixture
def homes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(the new configuration folder, the folder older versions used)."""
    monkeypatch.delenv("SOP_WORKSHOP_RECENT", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    new = tmp_path / "AppData" / "Roaming" / "sop-workshop"
    monkeypatch.setattr(portable, "config_dir", lambda: new)
    return new, tmp_path / "xdg" / "sop-workshop"


def test_the_recent_list_lives_in_the_platforms_config_folder(
        homes: tuple[Path, Path], tmp_path: Path) -> None:
    new, _ = homes
    assert recent.default_recent_file() == new / "recent.json"
    recent.remember(recent.default_recent_file(), tmp_path)
    assert recent.load_recent(new / "recent.json") == [tmp_path.resolve()]


def test_a_recent_list_in_the_old_place_is_kept(homes: tuple[Path, Path], tmp_path: Path) -> None:
    new, old = homes
    old.mkdir(parents=True)
    recent.remember(old / "recent.json", tmp_path)
    assert recent.load_recent(recent.default_recent_file()) == [tmp_path.resolve()]
    new.mkdir(parents=True)
    (new / "recent.json").write_text("[]", encoding="utf-8")
    assert recent.default_recent_file() == new / "recent.json"


def test_config_dir_follows_xdg_on_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.platform != "linux":
        pytest.skip("platformdirs' Linux rule")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert portable.config_dir() == tmp_path / "sop-workshop"


# -- redirected output ------------------------------------------------------------------------


def windows_redirect() -> tuple[io.BytesIO, io.TextIOWrapper]:
    """A redirected stream as Windows makes it: the ANSI code page and CRLF line ends."""
    raw = io.BytesIO()
    return raw, io.TextIOWrapper(raw, encoding="cp1252", newline="\r\n")


def test_a_redirected_export_is_utf8_with_lf_under_a_cp1252_console(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``sop-workshop export F.yaml --format md > out.md`` raised UnicodeEncodeError on ⬭."""
    out_raw, out = windows_redirect()
    _, err = windows_redirect()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = cli.main(["export", str(SOP_FILE), "--format", "md"])
    out.flush()
    data = out_raw.getvalue()
    text = data.decode("utf-8")
    assert code == 0
    for symbol in ("⬭", "◇", "▭", "→"):
        assert symbol in text
    assert b"\r\n" not in data and text.count("\n") > 10


def test_a_redirected_message_is_utf8_too(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    err_raw, err = windows_redirect()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", windows_redirect()[1])
    missing = tmp_path / "tidak-ada—berkas.yaml"
    assert cli.main(["export", str(missing), "--format", "md"]) == 2
    err.flush()
    assert "tidak-ada—berkas.yaml tidak ditemukan.\n" in err_raw.getvalue().decode("utf-8")


def test_a_terminal_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    tty = Tty(io.BytesIO(), encoding="cp1252", newline="\r\n")
    monkeypatch.setattr(sys, "stdout", tty)
    portable.utf8_output()
    assert tty.encoding == "cp1252"


# -- folders ----------------------------------------------------------------------------------


def windows_acl(monkeypatch: pytest.MonkeyPatch, locked: Path) -> None:
    """Windows as it treats a folder the user may not write in: ``os.access(W_OK)`` says yes
    (it reads only the read-only flag, which folders ignore); making a file there fails."""
    real_open = os.open

    def acl_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        if Path(path).parent == locked and flags & os.O_CREAT:
            raise PermissionError(13, "Access is denied", str(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "access", lambda *a, **k: True)
    monkeypatch.setattr(os, "open", acl_open)


def test_an_unwritable_export_folder_is_seen_where_os_access_says_yes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workshop.tui.screens.export_plan import folder_problem

    locked = tmp_path / "terkunci"
    locked.mkdir()
    assert folder_problem(locked) is None
    assert folder_problem(locked / "baru") is None
    windows_acl(monkeypatch, locked)
    assert folder_problem(locked) == (
        f"Folder {locked} tidak dapat ditulisi (tidak ada izin menulis).")
    deeper = locked / "baru" / "lagi"
    assert folder_problem(deeper) == (
        f"Folder {deeper} tidak dapat dibuat: tidak ada izin menulis di {locked}.")
    assert folder_problem(tmp_path / "lain") is None
    assert [p.name for p in locked.iterdir()] == []


def test_folder_writable_leaves_nothing_behind(tmp_path: Path) -> None:
    assert portable.folder_writable(tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert not portable.folder_writable(tmp_path / "tidak-ada")


def test_opening_a_folder_as_an_sop_file_says_it_is_a_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows gives "permission denied" for a folder opened as a file: the message said
    "tidak ada izin" instead of "folder"."""
    from workshop import saferead, sopfile

    real_open = os.open

    def windows_open(name: Any, *args: Any, **kwargs: Any) -> Any:
        if os.path.isdir(name):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    folder = tmp_path / "sop.yaml"
    folder.mkdir()
    for patched in (False, True):
        if patched:  # sopfile reads through saferead.read_regular (os.open)
            monkeypatch.setattr(saferead.os, "open", windows_open)
        with pytest.raises(sopfile.SopFileError) as caught:
            sopfile.load_sop(folder)
        assert "ini sebuah folder, bukan berkas SOP" in str(caught.value)
    with pytest.raises(sopfile.SopFileError) as caught:  # a real refusal is still one
        monkeypatch.setattr(saferead.os, "open", lambda *a, **k: (_ for _ in ()).throw(
            PermissionError(13, "Permission denied")))
        sopfile.load_sop(SOP_FILE)
    assert "tidak ada izin untuk membaca" in str(caught.value)


# -- nothing POSIX-only outside workshop/portable.py ------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workshop"

# Calls and names that do not exist (or do something else) on Windows.
POSIX_ONLY: dict[str, frozenset[str]] = {
    "os": frozenset({
        "fchmod", "fchown", "chown", "lchown", "lchmod", "fork", "forkpty", "kill", "killpg",
        "getuid", "geteuid", "getgid", "getegid", "getpgid", "getpgrp", "setsid", "setpgrp",
        "mkfifo", "mknod", "statvfs", "fstatvfs", "uname", "getloadavg", "sched_getaffinity",
        "wait3", "wait4", "O_NOFOLLOW", "O_NONBLOCK", "O_DIRECTORY", "O_CLOEXEC", "O_NOCTTY",
        "name",  # os.name: a branch on the platform
    }),
    "shlex": frozenset({"quote", "join"}),  # a command line for a shell that is not cmd.exe
    "sys": frozenset({"platform"}),  # a branch on the platform
    "platform": frozenset({"system"}),
    "signal": frozenset({"SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM",
                         "SIGCHLD", "SIGPIPE", "SIGSTOP", "SIGCONT"}),
}
POSIX_MODULES = frozenset({"resource", "fcntl", "termios", "pwd", "grp", "posix", "tty", "pty"})


BRANCHES: Final = frozenset({"sys.platform", "os.name", "platform.system"})


def posix_only_uses(tree: ast.AST, *, import_time_only: bool = False) -> list[tuple[int, str]]:
    """(line, what) of every POSIX-only name in ``tree``: ``os.fchmod`` (also through
    ``import os as o`` or ``from os import fchmod``), ``import resource``... With
    ``import_time_only``, only what runs when the module is imported (not in function bodies).
    Text (docstrings, comments) never counts: this is the syntax tree."""
    aliases: dict[str, str] = {}
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        counts = not (import_time_only and in_function)
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                aliases[alias.asname or top] = top
                if top in POSIX_MODULES and counts:
                    found.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")[0]
            if top in POSIX_MODULES and counts:
                found.append((node.lineno, f"from {node.module} import ..."))
            for alias in node.names:
                if alias.name in POSIX_ONLY.get(top, ()) and counts:
                    found.append((node.lineno, f"from {top} import {alias.name}"))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = aliases.get(node.value.id)
            if module and node.attr in POSIX_ONLY.get(module, ()) and counts:
                found.append((node.lineno, f"{module}.{node.attr}"))
        for child in ast.iter_child_nodes(node):
            body_of_function = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                 ast.Lambda)) and child not in getattr(
                node, "decorator_list", []) and child is not node.args
            visit(child, in_function or body_of_function)

    visit(tree, False)
    return found


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_the_scan_finds_what_it_looks_for() -> None:
    source = '''
"""os.fchmod and import resource in a docstring do not count."""
import os as o
import resource
from os import kill
import shlex, sys
# os.fork() in a comment does not count
def f(fd):
    o.fchmod(fd, 0o644)
    return shlex.quote("x"), sys.platform, o.O_NOFOLLOW, getattr(o, "O_BINARY", 0)
'''
    found = [what for _, what in posix_only_uses(ast.parse(source))]
    assert found == ["import resource", "from os import kill", "os.fchmod", "shlex.quote",
                     "sys.platform", "os.O_NOFOLLOW"]
    assert [w for _, w in posix_only_uses(ast.parse(source), import_time_only=True)] == [
        "import resource", "from os import kill"]


def test_nothing_posix_only_outside_the_platform_module() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in sorted(PACKAGE.rglob("*.py")) if path.name != "portable.py"
        for line, what in posix_only_uses(parse(path))
    ]
    assert offenders == [], "use workshop.portable instead:\n" + "\n".join(offenders)


def test_the_tests_import_nothing_posix_only_at_import_time() -> None:
    """So that pytest collects on Windows; POSIX-only tests are skipped there with a reason."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for line, what in posix_only_uses(parse(path), import_time_only=True)
        if what not in BRANCHES  # tests may skip by platform
    ]
    assert offenders == [], "\n".join(offenders)


def test_every_os_open_is_binary() -> None:
    """``os.open`` without ``O_BINARY`` opens in text mode on Windows (newlines and Ctrl-Z
    changed in the byte-compared JSON)."""
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(parse(path)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "open" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "os"):
                flags = ast.unparse(node.args[1]) if len(node.args) > 1 else ""
                if "O_BINARY" not in flags:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {flags}")
    assert missing == []
