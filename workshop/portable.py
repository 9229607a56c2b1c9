"""The few things that differ between Windows and POSIX, in one place.

Rule: nothing else in ``workshop/`` branches on the operating system or calls a POSIX-only
function (``os.fchmod``, ``os.kill`` as an existence test, ``shlex.quote`` for a command line,
``os.fork``, ``resource``, ``os.getuid``...); ``tests/test_portable.py`` scans the package for
them. What lives here:

- :data:`IS_WINDOWS`, read at call time by every function below, so tests exercise the Windows
  branches on any machine by patching it (and :func:`_kernel32` for the process check);
- :func:`pid_alive`: does a process exist (``OpenProcess`` + ``GetExitCodeProcess`` on Windows,
  where ``os.kill(pid, 0)`` would send CTRL_C_EVENT; signal 0 elsewhere); :func:`usable_cpus`;
  :func:`lower_priority` (``setpriority`` per thread, or ``SetPriorityClass``);
- :func:`set_mode`: a new file's permission bits without ``os.fchmod`` where it is missing;
- :data:`O_BINARY`: added to every ``os.open`` of data (no newline or Ctrl-Z translation);
- :func:`replace`: ``os.replace`` retried while another program (a reader, antivirus, OneDrive,
  the search indexer) holds the target open, which Windows reports as a sharing violation;
  :func:`write_problem` words a failed write for the user by its cause;
- :func:`folder_writable`: can files be made in a folder (``os.access`` says yes on Windows);
- :func:`config_dir`: the user's configuration folder (platformdirs: ``%APPDATA%`` on Windows);
- :func:`utf8_output`: UTF-8 with ``\\n`` on redirected stdout/stderr, whatever the code page.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

IS_WINDOWS: bool = sys.platform == "win32"  # not Final: tests patch it

APP_NAME: Final = "sop-workshop"

O_BINARY: Final[int] = getattr(os, "O_BINARY", 0)

REPLACE_PATIENCE: Final = 2.0  # seconds os.replace is retried on a sharing violation
_FIRST_PAUSE: Final = 0.01  # seconds; doubled after each failed attempt
_MAX_PAUSE: Final = 0.25

# Windows error codes (winerror) of a file held open by another process.
_ERROR_ACCESS_DENIED: Final = 5
_ERROR_SHARING_VIOLATION: Final = 32
_ERROR_LOCK_VIOLATION: Final = 33
_SHARING_ERRORS: Final = (_ERROR_ACCESS_DENIED, _ERROR_SHARING_VIOLATION, _ERROR_LOCK_VIOLATION)

# OpenProcess access right and the exit code of a process that is still running.
_PROCESS_QUERY_LIMITED_INFORMATION: Final = 0x1000
_STILL_ACTIVE: Final = 259
_BELOW_NORMAL_PRIORITY_CLASS: Final = 0x4000
NICER: Final = 10  # what lower_priority adds to a POSIX process's nice value


# -- processes --------------------------------------------------------------------------------


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine (True when that cannot be told:
    a live process must never be taken for a dead one). ``pid <= 0`` is no process."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if IS_WINDOWS:
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. EPERM: it exists but belongs to someone else
        return True
    return True


def _kernel32() -> Any:
    """kernel32 through ctypes, with the signatures used here (only on Windows)."""
    import ctypes
    from ctypes import wintypes

    k32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    k32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    k32.OpenProcess.restype = wintypes.HANDLE
    k32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    k32.GetExitCodeProcess.restype = wintypes.BOOL
    k32.CloseHandle.argtypes = (wintypes.HANDLE,)
    k32.CloseHandle.restype = wintypes.BOOL
    k32.GetCurrentProcess.argtypes = ()
    k32.GetCurrentProcess.restype = wintypes.HANDLE
    k32.SetPriorityClass.argtypes = (wintypes.HANDLE, wintypes.DWORD)
    k32.SetPriorityClass.restype = wintypes.BOOL
    return k32


def _last_error() -> int:
    import ctypes

    return int(ctypes.get_last_error())  # type: ignore[attr-defined,unused-ignore]


def _windows_pid_alive(pid: int) -> bool:
    import ctypes
    from ctypes import wintypes

    k32 = _kernel32()
    handle = k32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        # Access denied: it exists (another user's or a protected process). Anything else
        # (ERROR_INVALID_PARAMETER): no such process.
        return _last_error() == _ERROR_ACCESS_DENIED
    try:
        code = wintypes.DWORD()
        if not k32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        # A process that exited with code 259 reads as running: the safe side.
        return code.value == _STILL_ACTIVE
    finally:
        k32.CloseHandle(handle)


def lower_priority() -> None:
    """Let the machine's other processes go first from now on (a participant's process whose
    tab floods it with keys: ``tui/participant_driver``). Best effort: nothing when refused.
    ``nice`` +10 for every thread on POSIX, ``BELOW_NORMAL_PRIORITY_CLASS`` on Windows (which
    has no ``nice``)."""
    if IS_WINDOWS:
        with contextlib.suppress(OSError, AttributeError):
            k32 = _kernel32()
            k32.SetPriorityClass(k32.GetCurrentProcess(), _BELOW_NORMAL_PRIORITY_CLASS)
        return
    # Linux's setpriority (and so os.nice) changes one thread: every thread, then. Elsewhere
    # PRIO_PROCESS is the whole process (no /proc/self/task: the one entry 0).
    task = Path("/proc/self/task")
    for tid in (int(t) for t in os.listdir(task)) if task.is_dir() else (0,):
        with contextlib.suppress(OSError, AttributeError):
            now = os.getpriority(os.PRIO_PROCESS, tid)
            os.setpriority(os.PRIO_PROCESS, tid, min(19, now + NICER))


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity on Linux; all of them elsewhere)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        with contextlib.suppress(OSError):
            return len(affinity(0))
    return os.cpu_count() or 1


# -- files ------------------------------------------------------------------------------------


def set_mode(fd: int, path: str | os.PathLike[str], mode: int) -> None:
    """Give the open file ``fd`` (at ``path``) the permission bits ``mode``.

    Windows has only a read-only flag, and a new file is writable already: nothing to do.
    Elsewhere ``os.fchmod`` on the descriptor (or ``os.chmod`` on the path without it).
    """
    if IS_WINDOWS:
        return
    fchmod = getattr(os, "fchmod", None)
    if fchmod is not None:
        fchmod(fd, mode)
    else:
        os.chmod(path, mode)


def is_sharing_error(exc: BaseException) -> bool:
    """Is this the error Windows gives when another process has the file open?"""
    if not isinstance(exc, PermissionError):
        return False
    winerror = getattr(exc, "winerror", None)
    if winerror is not None:
        return winerror in _SHARING_ERRORS
    return IS_WINDOWS and exc.errno == errno.EACCES


def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    """``os.replace(src, dst)``, retried for up to :data:`REPLACE_PATIENCE` seconds (pauses
    doubling from 10 ms) while the target is held open by another program; after that the
    last error is raised. Any other error is raised at once."""
    deadline = time.monotonic() + REPLACE_PATIENCE
    pause = _FIRST_PAUSE
    while True:
        try:
            os.replace(src, dst)
            return
        except PermissionError as exc:
            left = deadline - time.monotonic()
            if not is_sharing_error(exc) or left <= 0 or os.path.isdir(dst):
                raise  # (Windows says "access denied" for a folder in the way too)
            time.sleep(min(pause, left))
            pause = min(pause * 2, _MAX_PAUSE)


def write_problem(exc: OSError) -> str:
    """Why a file could not be written, in Bahasa Indonesia, by the cause of ``exc``."""
    if isinstance(exc, IsADirectoryError) or (
        isinstance(exc, PermissionError) and _names_a_folder(exc)
    ):
        return "itu sebuah folder, bukan berkas"
    if is_sharing_error(exc):
        if getattr(exc, "winerror", None) == _ERROR_ACCESS_DENIED:
            # Also what a read-only file gives: name both causes.
            return ("berkas sedang dibuka program lain (mis. antivirus/OneDrive) atau tidak "
                    "ada izin menulis; coba lagi")
        return "berkas sedang dibuka program lain (mis. antivirus/OneDrive); coba lagi"
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "ruang disk penuh"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "tidak ada izin menulis"
    return exc.strerror or str(exc)


def _names_a_folder(exc: OSError) -> bool:
    """Does the error name a folder (the target of ``os.replace`` is ``filename2``)? Windows
    reports a folder opened or replaced as a file as "access denied"."""
    return any(isinstance(name, (str, bytes, os.PathLike)) and os.path.isdir(name)
               for name in (exc.filename2, exc.filename))


def folder_writable(folder: str | os.PathLike[str]) -> bool:
    """Can files be made in ``folder``? Tried by making (and removing) one: ``os.access(W_OK)``
    looks only at the read-only flag on Windows, which folders ignore, so it is always true
    there (and it ignores ACLs everywhere)."""
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".sop-workshop-", suffix=".tmp")
    except OSError:
        return False
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True


def config_dir() -> Path:
    """The user's configuration folder for this program (``%APPDATA%\\sop-workshop`` on
    Windows, ``$XDG_CONFIG_HOME/sop-workshop`` or ``~/.config/sop-workshop`` on Linux)."""
    import platformdirs  # here: not on the path of every command

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=True))


# -- console ----------------------------------------------------------------------------------


def utf8_output() -> None:
    """Make redirected stdout/stderr write UTF-8 with ``\\n`` line ends.

    Windows encodes redirected output in the ANSI code page (cp1252: no ``⬭ ◇ ▭ →``, so a
    ``UnicodeEncodeError``) and writes ``\\r\\n``. A terminal is left alone: Python already
    writes Unicode to the Windows console, and the app (Textual) owns it.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                continue
            reconfigure(encoding="utf-8", errors=stream.errors, newline="\n")
        except (AttributeError, OSError, ValueError):
            continue
