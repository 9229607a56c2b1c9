"""Writing files: the one atomic write (:func:`write_text_atomic`) and a list of write jobs
(:class:`Job`, :func:`run_jobs`) under an output folder.

Every exported file (Markdown, HTML, PDF, a bundle's YAML) and every small file the app keeps
is written here (text as UTF-8, a PDF as the bytes it is): a temporary file beside the
target, then ``portable.replace`` (``os.replace``, retried while another program holds the
file open). A symlink at the target or a path outside
the folder given is refused with :class:`ExportFailed` (an Indonesian message and an exit
status), so data never becomes a path that leaves the folder the user named. Large exports of
pure jobs run over a forked process pool; the bytes written are the same either way.

Both :mod:`workshop.exporting` and :mod:`workshop.bundle` write through this module (it imports
neither, so they do not import each other for it).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from workshop import portable
from workshop.export.naming import check_name, safe_path
from workshop.safetext import terminal_text

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNREADABLE = 2

PROGRESS_MIN = 10  # draw a progress bar from this many files on


class ExportFailed(Exception):
    """An export that cannot go on; ``str(e)`` is the Indonesian message, ``code`` the exit."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Job:
    """One file to write: where (relative to the output folder) and how to make its content
    (text, or the bytes of a binary document such as a PDF)."""

    parts: tuple[str, ...]  # safe names: folders then the file name
    make: Callable[[], str | bytes]
    pure: bool = False  # make() reads nothing (no store, no files): may run in a worker process
    errors: int = 0  # SOPs in this file that fail ``check`` (the export warns, --strict refuses)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _file_mode() -> int:
    """The mode an ordinary new file gets (0o666 less the umask); mkstemp would give 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


def write_text_atomic(path: Path, text: str | bytes, *, inside: Path | None = None) -> None:
    """Write ``text`` (UTF-8, as given: no newline translation; bytes as they are) to ``path``
    via a temporary file and :func:`portable.replace`. Nothing is made before the content is
    complete: a failure while making it leaves no file, an old file stays whole.

    The file gets the usual permissions (not mkstemp's 0600): exports are handed on to others.
    Refused with :class:`ExportFailed` (exit 1): a symlink at ``path`` (it would be replaced
    by a file the user did not ask for, or another program could follow it), and a ``path``
    that is not inside the folder ``inside`` (when given). Other failures raise ``OSError``.
    """
    _check_target(path, inside)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        portable.set_mode(fd, tmp, _FILE_MODE)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        portable.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _check_target(path: Path, inside: Path | None) -> None:
    if os.path.islink(path):
        raise ExportFailed(
            f"{path} adalah tautan simbolik (symlink); ekspor tidak menulis melalui tautan. "
            "Hapus tautan itu atau pilih folder lain."
        )
    if inside is not None:
        try:
            outside = not path.parent.resolve().is_relative_to(inside.resolve())
        except (OSError, RuntimeError):
            outside = True
        if outside:
            raise ExportFailed(
                f"{path} berada di luar folder keluaran {inside}; berkas ini tidak ditulis."
            )


def target_path(out: Path, parts: Sequence[str]) -> Path:
    """``out / parts...``, refusing anything that would leave ``out`` (ValueError)."""
    folder = out
    for name in parts[:-1]:
        folder = safe_path(folder, name)
    return safe_path(folder, parts[-1])


class _Targets:
    """:func:`target_path` for many jobs: each folder is checked (resolved) and created once,
    a file name is checked by itself, and resolved only when a symlink already sits there."""

    def __init__(self, out: Path) -> None:
        self._folders: dict[tuple[str, ...], tuple[Path, Path]] = {(): (out, out.resolve())}
        self._made: set[Path] = set()

    def _folder(self, parts: tuple[str, ...]) -> tuple[Path, Path]:
        hit = self._folders.get(parts)
        if hit is None:
            parent, parent_resolved = self._folder(parts[:-1])
            path = safe_path(parent, parts[-1], resolved_folder=parent_resolved)
            hit = (path, path.resolve())
            self._folders[parts] = hit
        return hit

    def path(self, parts: Sequence[str]) -> Path:
        try:
            folder, _resolved = self._folder(tuple(parts[:-1]))
            name = parts[-1]
            check_name(name)
        except (ValueError, OSError, RuntimeError):
            shown = terminal_text("/".join(parts))
            raise ExportFailed(
                f"{shown}: nama atau folder ini akan keluar dari folder keluaran (mis. tautan "
                "simbolik ke tempat lain); ekspor dihentikan."
            ) from None
        path = folder / name
        _check_target(path, None)
        return path

    def make_parent(self, path: Path) -> None:
        parent = path.parent
        if parent not in self._made:
            parent.mkdir(parents=True, exist_ok=True)
            self._made.add(parent)


class _Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.enabled = total >= PROGRESS_MIN and stream.isatty()

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        width = 30
        filled = round(width * done / self.total)
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\rMengekspor [{bar}] {done}/{self.total}")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def run_jobs(
    jobs: Sequence[Job],
    out: Path,
    *,
    progress_stream: TextIO | None = None,
    workers: int | None = None,
) -> list[Path]:
    """Write every job's text under ``out``; returns the paths written, in job order.

    ``workers``: None chooses (a process pool over the CPUs for :data:`POOL_MIN` or more pure
    jobs, when called from a single-threaded process such as the command line; one process
    otherwise); 1 forces one process; more forces a pool of that size when the jobs are pure.
    The files are the same bytes either way; only the order in which they appear differs.
    """
    if os.path.lexists(out) and not out.is_dir():
        raise ExportFailed(f"Folder keluaran {out} bukan folder (sebuah berkas); pilih yang lain.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportFailed(
            f"Folder keluaran {out} tidak dapat dibuat: {e.strerror or e}."
        ) from None
    if not out.is_dir():
        raise ExportFailed(f"{out} bukan folder.")
    bar = _Progress(len(jobs), progress_stream or sys.stderr)
    try:
        count = _pool_size(jobs, workers)
        if count > 1:
            written = _run_pool(jobs, out, bar, count)
            if written is not None:
                return written
        return _run_serial(jobs, out, bar)
    finally:
        bar.finish()


def write_failure(path: Path, exc: Exception) -> str:
    """Why ``path`` was not written, for the user (any error: never a traceback)."""
    if isinstance(exc, OSError):
        return f"Berkas {path} tidak dapat ditulis: {portable.write_problem(exc)}."
    unexpected = f"kesalahan tak terduga ({type(exc).__name__}: {exc})"
    return f"Berkas {path} tidak dapat ditulis: {unexpected}."


def _write(targets: _Targets, path: Path, text: str | bytes) -> None:
    try:
        targets.make_parent(path)
        write_text_atomic(path, text)
    except ExportFailed:  # a refusal (symlink) says why itself
        raise
    except Exception as e:  # an error of the writer is a message, not a traceback
        raise ExportFailed(write_failure(path, e)) from None


def _run_serial(jobs: Sequence[Job], out: Path, bar: _Progress) -> list[Path]:
    written: list[Path] = []
    targets = _Targets(out)
    for i, job in enumerate(jobs, start=1):
        path = targets.path(job.parts)
        try:
            content = job.make()
        except ExportFailed:
            raise
        except Exception as e:  # a renderer's error is a message; no file is made
            raise ExportFailed(write_failure(path, e)) from None
        _write(targets, path, content)
        written.append(path)
        bar.update(i)
    return written


# -- a process pool for large exports ---------------------------------------------------------

POOL_MIN = 200  # pure jobs from which a pool pays for its start (fork + result traffic)
POOL_CHUNK = 25  # jobs per task: few round trips, still an even spread over the workers

# The jobs and paths of the export in progress. Forked workers inherit them, so a task is two
# numbers: closures (Job.make) need not (and could not) be pickled.
_pool_jobs: Sequence[Job] = ()
_pool_paths: Sequence[Path] = ()


def _cpus() -> int:
    return portable.usable_cpus()


def _pool_size(jobs: Sequence[Job], workers: int | None) -> int:
    if workers == 1 or not jobs or not all(job.pure for job in jobs):
        return 1
    import multiprocessing  # here: a participant process saves files but never runs a pool

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if workers is not None:
        return max(1, workers)
    # Forking a process with other threads running (the TUI) can deadlock the child.
    if len(jobs) < POOL_MIN or threading.active_count() > 1:
        return 1
    return min(_cpus(), 8)


def _pool_chunk(start: int, stop: int) -> tuple[int, str] | None:
    """Run in a worker: make and write jobs ``start..stop-1``; the first failure, if any."""
    for i in range(start, stop):  # the folders exist: the parent made them
        path = _pool_paths[i]
        try:
            write_text_atomic(path, _pool_jobs[i].make())
        except ExportFailed as e:  # a refusal (symlink) says why itself
            return i, str(e)
        except Exception as e:  # reported by the parent as a message
            return i, write_failure(path, e)
    return None


def _run_pool(jobs: Sequence[Job], out: Path, bar: _Progress, count: int) -> list[Path] | None:
    """The jobs over ``count`` forked workers; None (run serially) when a path is refused."""
    global _pool_jobs, _pool_paths
    targets = _Targets(out)
    try:
        paths = [targets.path(job.parts) for job in jobs]
    except ExportFailed:
        return None  # the serial run writes the jobs before the bad one, then raises
    for path in paths:
        try:
            targets.make_parent(path)
        except OSError as e:
            raise ExportFailed(f"Berkas {path} tidak dapat ditulis: {e.strerror}.") from None
    _pool_jobs, _pool_paths = jobs, paths
    # The workers inherit every decoded SOP: keep the collector from walking (and so copying,
    # page by page) that heap in each of them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            bounds = [(a, min(a + POOL_CHUNK, len(jobs))) for a in range(0, len(jobs), POOL_CHUNK)]
            futures = [pool.submit(_pool_chunk, a, b) for a, b in bounds]
            failure: tuple[int, str] | None = None
            for future, (_, stop) in zip(futures, bounds, strict=True):
                result = future.result()
                if result is not None and (failure is None or result[0] < failure[0]):
                    failure = result
                bar.update(stop)
    finally:
        gc.unfreeze()
        _pool_jobs, _pool_paths = (), ()
    if failure is not None:
        raise ExportFailed(failure[1])
    return paths
