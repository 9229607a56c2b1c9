"""``sop-workshop export``: read an SOP file or a workshop folder, write Markdown/HTML/YAML.

The glue between the command line and the pure exporters in :mod:`workshop.export`:

- ``FILE.yaml``: one SOP (``--what sop`` only). Without ``-o``/``--out`` the result goes to
  stdout; with ``-o FILE`` to that file; with ``--out DIR`` into ``DIR/<title>.<ext>``.
  A standalone file has no workshop status: it counts as approved (no DRAF watermark) when its
  Tanggal Efektif is filled, because the effective date is the signing date.
- ``DIR`` (a workshop folder): files go into ``--out`` (default ``DIR/exports/``), one line per
  file written on stdout, then a summary. ``--format yaml`` writes a bundle.

File names are made from titles by :mod:`workshop.export.naming` (safe, stable, unique) and every
path is checked to stay inside the output folder. Every file (Markdown, HTML, a bundle's YAML)
is written by :func:`write_text_atomic` (temporary file + ``portable.replace``: ``os.replace``,
retried while another program holds the file open), which refuses to write where a symlink is
or outside the folder it is given. A progress bar is drawn on stderr for long exports when
stderr is a terminal; nothing but the file list is printed when output is piped. A refusal, a
failed write or an unusable ``--out`` is an Indonesian message and exit 1, never a traceback.
Paths and messages printed pass ``safetext.terminal_text``.

Exit status: 0 done; 1 a failed operation (unknown unit, unwritable folder, bad option);
2 unreadable input (bad SOP file, not a workshop, damaged workshop file).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import multiprocessing
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from workshop import documents, portable
from workshop.export import html as html_export
from workshop.export import markdown as md_export
from workshop.export.naming import check_name, safe_path, unique_names, unique_stems
from workshop.export.progress import produced_in_session, unit_report
from workshop.model import Sop, SopRecord, Unit
from workshop.safetext import terminal_text
from workshop.status import is_in_force, is_retired

if TYPE_CHECKING:
    from workshop.store import Store

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
    """One file to write: where (relative to the output folder) and how to make its text."""

    parts: tuple[str, ...]  # safe names: folders then the file name
    make: Callable[[], str]
    pure: bool = False  # make() reads nothing (no store, no files): may run in a worker process


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _file_mode() -> int:
    """The mode an ordinary new file gets (0o666 less the umask); mkstemp would give 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


def write_text_atomic(path: Path, text: str, *, inside: Path | None = None) -> None:
    """Write ``text`` (UTF-8, as given: no newline translation) to ``path`` via a temporary
    file and :func:`portable.replace`.

    The file gets the usual permissions (not mkstemp's 0600): exports are handed on to others.
    Refused with :class:`ExportFailed` (exit 1): a symlink at ``path`` (it would be replaced
    by a file the user did not ask for, or another program could follow it), and a ``path``
    that is not inside the folder ``inside`` (when given). Other failures raise ``OSError``.
    """
    _check_target(path, inside)
    data = text.encode("utf-8")
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
    return f"Berkas {path} tidak dapat ditulis: galat tak terduga ({type(exc).__name__}: {exc})."


def _write(targets: _Targets, path: Path, text: str) -> None:
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
        _write(targets, path, job.make())
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


# ---------------------------------------------------------------------------------------------
# One SOP file
# ---------------------------------------------------------------------------------------------


def file_is_approved(sop: Sop) -> bool:
    """A standalone SOP file counts as approved when its Tanggal Efektif is filled."""
    return bool((sop.dates.effective or "").strip())


def render_sop(sop: Sop, fmt: str, *, status: str | None = None, approved: bool = False) -> str:
    """One SOP in ``fmt`` (md, html or yaml)."""
    if fmt == "yaml":
        from workshop.sopfile import dumps_sop

        return dumps_sop(sop)
    if fmt == "html":
        return html_export.sop_html(sop, title=sop.title or "SOP", status=status, approved=approved)
    return md_export.sop_markdown(sop, status=status)


def _export_file(args: argparse.Namespace, source: Path) -> int:
    from workshop.sopfile import SopFileError, load_sop

    if args.what != "sop":
        raise ExportFailed(
            f"--what {args.what} hanya untuk folder workshop; berkas SOP hanya dapat "
            "diekspor sebagai --what sop."
        )
    try:
        sop = load_sop(source)
    except SopFileError as e:
        raise ExportFailed(str(e), EXIT_UNREADABLE) from None
    text = render_sop(sop, args.format, approved=file_is_approved(sop))
    if args.output:
        path = Path(args.output)
        try:
            write_text_atomic(path, text)
        except ExportFailed:
            raise
        except Exception as e:  # an error of the writer is a message
            raise ExportFailed(write_failure(path, e)) from None
        print(terminal_text(str(path)))
        return EXIT_OK
    if args.out:
        out = Path(args.out)
        name = unique_names([sop.title], args.format)[0]
        for path in run_jobs([Job((name,), lambda: text)], out):
            print(terminal_text(str(path)))
        return EXIT_OK
    sys.stdout.write(text)
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# A workshop folder
# ---------------------------------------------------------------------------------------------


def _open_store(source: Path) -> Store:
    from workshop.store import Store, StoreError, StoreNotFound

    try:
        return Store.open(source)
    except StoreNotFound as e:
        raise ExportFailed(str(e), EXIT_UNREADABLE) from None
    except StoreError as e:
        raise ExportFailed(str(e), EXIT_UNREADABLE) from None


def _units(store: Store, name: str | None) -> list[Unit]:
    if not name:
        return store.units()
    unit = store.find_unit(name)
    if unit is None:
        known = ", ".join(u.name for u in store.units()) or "belum ada unit"
        raise ExportFailed(
            f"Unit '{name}' tidak ditemukan di workshop ini. Unit yang ada: {known}."
        )
    return [unit]


def _year(store: Store) -> str:
    ev = store.event()
    for d in (ev.start_date, ev.end_date):
        if d and len(d) >= 4 and d[:4].isdigit():
            return d[:4]
    return str(date.today().year)


def _document(fmt: str, text: str, title: str, sops: Sequence[tuple[Sop, bool]] = ()) -> str:
    if fmt == "html":
        return html_export.render_html(text, title=title, sops=sops)
    return text


def _approved(record: SopRecord) -> bool:
    return is_in_force(record.status)


def workshop_jobs(store: Store, what: str, fmt: str, unit_name: str | None) -> list[Job]:
    """The files ``sop-workshop export DIR --what WHAT`` writes (md or html), in a stable order:
    the builder that :data:`workshop.documents.DOCUMENTS` names for ``what``."""
    document = documents.find(what)
    if document is None:
        raise ExportFailed(f"Jenis ekspor '{what}' tidak dikenal.")
    build: Callable[[Store, list[Unit], str, str | None], list[Job]]
    build = getattr(sys.modules[__name__], document.build)
    return build(store, _units(store, unit_name), fmt, unit_name)


def sop_jobs(store: Store, units: list[Unit], fmt: str, unit_name: str | None) -> list[Job]:
    jobs = []
    folders = unique_stems([u.slug for u in units])
    for u, folder in zip(units, folders, strict=True):
        records = store.sops(u.slug)
        names = unique_names([r.sop.title for r in records], fmt)
        for record, name in zip(records, names, strict=True):
            jobs.append(Job((folder, name), _sop_maker(record, fmt), pure=True))
    return jobs


def book_jobs(store: Store, units: list[Unit], fmt: str, unit_name: str | None) -> list[Job]:
    year = _year(store)
    names = unique_names([f"buku-sop-{u.slug}" for u in units], fmt)
    return [Job((name,), _book_maker(store, u, year, fmt))
            for u, name in zip(units, names, strict=True)]


def needs_jobs(store: Store, units: list[Unit], fmt: str, unit_name: str | None) -> list[Job]:
    if unit_name:  # one unit's Tabel 6; else the inventory of all units
        u = units[0]
        name = unique_names([f"kebutuhan-{u.slug}"], fmt)[0]
        build = partial(_needs_text, store, u)
        return [Job((name,), _doc_maker(fmt, f"Identifikasi SOP AP {u.name}", build))]
    name = unique_names(["inventaris-kebutuhan"], fmt)[0]
    build = partial(_inventory_text, store, units)
    return [Job((name,), _doc_maker(fmt, "Inventaris Kebutuhan SOP AP", build))]


def monitoring_jobs(store: Store, units: list[Unit], fmt: str,
                    unit_name: str | None) -> list[Job]:
    names = unique_names([f"monitoring-{u.slug}" for u in units], fmt)
    return [Job((name,), _doc_maker(fmt, f"Monitoring SOP AP {u.name}",
                                    partial(_monitoring_text, store, u)))
            for u, name in zip(units, names, strict=True)]


def evaluation_jobs(store: Store, units: list[Unit], fmt: str,
                    unit_name: str | None) -> list[Job]:
    questions = _questions()
    names = unique_names([f"evaluasi-{u.slug}" for u in units], fmt)
    return [Job((name,), _doc_maker(fmt, f"Evaluasi SOP AP {u.name}",
                                    partial(_evaluation_text, store, u, questions)))
            for u, name in zip(units, names, strict=True)]


def minutes_jobs(store: Store, units: list[Unit], fmt: str, unit_name: str | None) -> list[Job]:
    sessions = store.sessions()
    names = unique_names([f"notulen-{s.id}-{s.title}" for s in sessions], fmt)
    return [Job((name,), _doc_maker(fmt, f"Berita Acara {session.title}",
                                    partial(_minutes_text, store, session.id)))
            for session, name in zip(sessions, names, strict=True)]


def report_jobs(store: Store, units: list[Unit], fmt: str, unit_name: str | None) -> list[Job]:
    build = partial(_report_text, store, units)
    return [Job(("laporan." + fmt,), _doc_maker(fmt, "Laporan Pendampingan SOP AP", build))]


def _doc_maker(fmt: str, title: str, build: Callable[[], str]) -> Callable[[], str]:
    return lambda: _document(fmt, build(), title)


def _needs_text(store: Store, u: Unit) -> str:
    return md_export.needs_markdown(u, store.needs(u.slug))


def _inventory_text(store: Store, units: Sequence[Unit]) -> str:
    return md_export.inventory_markdown([(u, store.needs(u.slug)) for u in units], store.votes())


def _monitoring_text(store: Store, u: Unit) -> str:
    from workshop.pedoman import load_pedoman

    names = {t.id: t.name for t in load_pedoman().monitoring_methods}
    return md_export.monitoring_markdown(u, store.sops(u.slug), method_names=names)


def _evaluation_text(store: Store, u: Unit, questions: Sequence[str]) -> str:
    from workshop.pedoman import load_pedoman

    names = {t.id: t.name for t in load_pedoman().evaluation_decisions}
    return md_export.evaluation_markdown(u, store.sops(u.slug), questions, decision_names=names)


def _sop_maker(record: SopRecord, fmt: str) -> Callable[[], str]:
    return lambda: render_sop(record.sop, fmt, status=record.status, approved=_approved(record))


def _book_maker(store: Store, u: Unit, year: str, fmt: str) -> Callable[[], str]:
    def make() -> str:
        records = store.sops(u.slug)
        text = md_export.book_markdown(
            u, records, store.event(), year=year, with_tables=fmt != "html"
        )
        book = [(r.sop, _approved(r)) for r in records if not is_retired(r.status)]
        return _document(fmt, text, f"Buku SOP AP {u.name}", book)

    return make


def _questions() -> list[str]:
    from workshop.pedoman import load_pedoman

    return [q.text for q in load_pedoman().evaluation_questions]


def _stages() -> list[tuple[str, str]]:
    from workshop.pedoman import load_pedoman

    return [(s.id, s.name) for s in load_pedoman().stages]


def _minutes_text(store: Store, session_id: str) -> str:
    session = store.session(session_id)
    units = store.units()
    records = {u.slug: store.sops(u.slug) for u in units}
    produced = produced_in_session(session, store.log(), records)
    return md_export.minutes_markdown(
        store.event(), session, units, store.members(), produced, stage_names=dict(_stages())
    )


def _report_text(store: Store, units: Sequence[Unit]) -> str:
    from workshop.pedoman import load_pedoman

    readiness_total = len(load_pedoman().readiness)
    rows = [
        unit_report(
            u,
            members=store.members(u.slug),
            needs=store.needs(u.slug),
            records=store.sops(u.slug),
            readiness_total=readiness_total,
        )
        for u in units
    ]
    return md_export.report_markdown(store.event(), rows, _stages())


def _export_dir(args: argparse.Namespace, source: Path) -> int:
    store = _open_store(source)
    out = Path(args.out) if args.out else source / "exports"
    if args.output:
        raise ExportFailed("-o/--output hanya untuk satu berkas SOP; untuk folder pakai --out.")
    if args.format == "yaml":
        if args.unit:
            raise ExportFailed("Bundel YAML selalu berisi seluruh workshop; --unit tidak dipakai.")
        if args.what != "sop":
            raise ExportFailed(
                "--format yaml mengekspor seluruh workshop sebagai bundel; --what tidak dipakai."
            )
        from workshop.bundle import export_bundle

        written = export_bundle(store, out)
    else:
        jobs = workshop_jobs(store, args.what, args.format, args.unit)
        written = run_jobs(jobs, out)
    for path in written:
        print(terminal_text(str(path)))
    print(terminal_text(f"{len(written)} berkas ditulis ke {out}."))
    return EXIT_OK


@contextlib.contextmanager
def _read_errors() -> Iterator[None]:
    """Turn errors of reading the workshop or the guideline into ExportFailed (exit 2)."""
    from workshop.pedoman import PedomanError
    from workshop.store import StoreError

    try:
        yield
    except StoreError as e:
        raise ExportFailed(str(e), EXIT_UNREADABLE) from None
    except PedomanError as e:
        raise ExportFailed(f"Pedoman tidak dapat dibaca: {e}", EXIT_UNREADABLE) from None


def run_export(args: argparse.Namespace) -> int:
    """The ``export`` command. Messages go to stderr in Bahasa Indonesia; returns the exit code."""
    source = Path(args.source)
    try:
        if source.is_dir():
            with _read_errors():
                return _export_dir(args, source)
        if not os.path.lexists(source):
            raise ExportFailed(f"{source} tidak ditemukan.", EXIT_UNREADABLE)
        return _export_file(args, source)
    except ExportFailed as e:
        print(terminal_text(str(e)), file=sys.stderr)
        return e.code
