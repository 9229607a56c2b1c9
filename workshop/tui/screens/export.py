"""The export screen: what, which units, format, folder; progress; a Markdown preview.

The files are the ones ``sop-workshop export`` writes (:mod:`workshop.exporting`); they are made
and written in a thread worker, one job at a time through ``run_jobs`` (safe names, paths kept
inside the folder, atomic writes), so the progress bar moves per file. In a browser session
(``App.is_web``, textual-serve) nothing is written on the server: the files are delivered as a
download, one file as itself, several as one .zip.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Button,
    Input,
    Label,
    Markdown,
    OptionList,
    ProgressBar,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option

from workshop import portable
from workshop.export.mdutil import md_parser
from workshop.exporting import errors_summary
from workshop.pedoman import PedomanError
from workshop.store import StoreError
from workshop.tui.context import context_of
from workshop.tui.screens.export_plan import (
    BUNDLE,
    BUNDLE_FOLDER,
    MIME,
    ExportRequest,
    bundle_files,
    default_folder,
    delivered_summary,
    download_name,
    folder_problem,
    formats_for,
    is_participant,
    job_label,
    plan_jobs,
    preview_jobs,
    resolve_folder,
    uses_units,
    whats_for,
    written_summary,
    zip_bytes,
)
from workshop.tui.widgets.footer import KeyFooter
from workshop.writing import ExportFailed, Job, run_jobs

if TYPE_CHECKING:
    from workshop.store import Store

_ERRORS = (ExportFailed, StoreError, PedomanError, OSError, ValueError)


def _message(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return f"Ekspor gagal: {portable.write_problem(exc)}"
    return str(exc) or "Ekspor gagal."


def _step(total: int) -> int:
    """Update the bar per file, but at most about 200 times (thousands of SOPs)."""
    return max(1, total // 200)


class PreviewScreen(Screen[None]):
    """One export's Markdown, rendered by Textual's Markdown widget with the project's parser."""

    DEFAULT_CSS = """
    PreviewScreen #pv-title { height: 1; background: $primary; color: $text; padding: 0 1; }
    PreviewScreen #pv-scroll { height: 1fr; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Kembali"),
    ]

    def __init__(self, label: str, markdown: str) -> None:
        super().__init__()
        self.label = label
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Pratinjau: {self.label}"), id="pv-title")
        with VerticalScroll(id="pv-scroll"):
            yield Markdown(self.markdown, parser_factory=md_parser, open_links=False,
                           id="pv-markdown")
        yield KeyFooter()


class ExportScreen(Screen[None]):
    """Choose and run an export of the open workshop."""

    DEFAULT_CSS = """
    ExportScreen #ex-title { height: 1; background: $primary; color: $text; padding: 0 1; }
    ExportScreen #ex-body { height: 1fr; }
    ExportScreen #ex-form { width: 1fr; min-width: 34; padding: 0 1; }
    ExportScreen #ex-lists { width: 1fr; padding: 0 1; }
    ExportScreen #ex-form > Label, ExportScreen #ex-lists > Label { margin-top: 1; }
    ExportScreen #ex-units { height: 1fr; min-height: 3; }
    ExportScreen #ex-files { height: 1fr; min-height: 3; }
    ExportScreen #ex-buttons { height: auto; margin-top: 1; }
    ExportScreen #ex-buttons Button { width: auto; min-width: 8; margin-right: 1; }
    ExportScreen #ex-progress { margin: 0 1; }
    ExportScreen #ex-status { height: auto; max-height: 3; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Tutup"),
        Binding("ctrl+r", "run", "Ekspor"),
        Binding("ctrl+o", "preview", "Pratinjau"),
    ]

    def __init__(self, what: str | None = None, fmt: str | None = None) -> None:
        super().__init__()
        self._what = what
        self._fmt = fmt
        self.running = False
        self.done = 0
        self.total: int | None = None
        self.status = ""
        self.written: list[Path] = []

    # -- layout ------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return context_of(self).store

    def _first_what(self) -> str:
        offered = [value for value, _ in whats_for(self.store)]
        return self._what if self._what in offered else offered[0]

    def _first_fmt(self, what: str) -> str:
        offered = [value for value, _ in formats_for(what)]
        return self._fmt if self._fmt in offered else offered[0]

    def _unit_choices(self) -> list[tuple[str, str]]:
        store = self.store
        if is_participant(store):
            unit = store.unit(store.scope)
            return [(unit.name, unit.slug)]
        return [(unit.name, unit.slug) for unit in store.units()]

    def compose(self) -> ComposeResult:
        what = self._first_what()
        fmt = self._first_fmt(what)
        try:
            units = self._unit_choices()
        except StoreError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            units = []
        web = self.app.is_web
        yield Static(Text("Ekspor dokumen"), id="ex-title")
        with Horizontal(id="ex-body"):
            with Vertical(id="ex-form"):
                yield Label("Apa yang diekspor")
                yield Select([(Text(label), value) for value, label in whats_for(self.store)],
                             value=what, allow_blank=False, id="ex-what", compact=True)
                yield Label("Format")
                yield Select([(Text(label), value) for value, label in formats_for(what)],
                             value=fmt, allow_blank=False, id="ex-format", compact=True)
                yield Label("Folder keluaran" if not web else "Folder keluaran (tidak dipakai:"
                            " berkas diunduh di peramban)")
                yield Input(str(default_folder(self.store.path)), id="ex-folder",
                            disabled=web, compact=True)
                with Horizontal(id="ex-buttons"):
                    yield Button("Ekspor", id="ex-run", variant="primary", compact=True)
                    yield Button("Pratinjau", id="ex-preview", compact=True)
                    yield Button("Tutup", id="ex-close", compact=True)
            with Vertical(id="ex-lists"):
                yield Label("Unit")
                yield SelectionList[str](*[(Content(name), slug, True) for name, slug in units],
                                         id="ex-units", compact=True)
                yield Label("Berkas (pilih untuk pratinjau)")
                yield OptionList(id="ex-files", compact=True)
        bar = ProgressBar(total=None, show_eta=False, id="ex-progress")
        bar.display = self.running or self.done > 0
        yield bar
        yield Static("", id="ex-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._sync_units()
        self._fill_files()
        self._show_progress()

    # -- reading the form --------------------------------------------------------------------

    def _selected_units(self) -> tuple[str, ...] | None:
        picker: SelectionList[str] = self.query_one("#ex-units", SelectionList)
        chosen = set(picker.selected)
        every = [picker.get_option_at_index(i).value for i in range(picker.option_count)]
        if chosen == set(every):
            return None
        return tuple(slug for slug in every if slug in chosen)

    def request(self) -> ExportRequest:
        """The export the form describes (defaults before the screen is mounted)."""
        workshop = self.store.path
        if not self.query("#ex-what"):  # not composed yet
            first = self._first_what()
            return ExportRequest(first, self._first_fmt(first), None, default_folder(workshop))
        what = str(self.query_one("#ex-what", Select).value)
        fmt = str(self.query_one("#ex-format", Select).value)
        folder = self.query_one("#ex-folder", Input).value
        return ExportRequest(
            what=what, fmt=fmt, units=self._selected_units(),
            out=resolve_folder(folder, workshop) if folder.strip() else Path(),
        )

    # -- reacting to the form ----------------------------------------------------------------

    @on(Select.Changed, "#ex-what")
    def _what_changed(self, event: Select.Changed) -> None:
        what = str(event.value)
        picker: Select[str] = self.query_one("#ex-format", Select)
        current = str(picker.value)
        offered = formats_for(what)
        values = [value for value, _ in offered]
        with picker.prevent(Select.Changed):
            picker.set_options([(Text(label), value) for value, label in offered])
            picker.value = current if current in values else values[0]
        self._sync_units()
        self._fill_files()

    @on(Select.Changed, "#ex-format")
    @on(SelectionList.SelectedChanged, "#ex-units")
    def _choice_changed(self) -> None:
        self._fill_files()

    def _sync_units(self) -> None:
        what = str(self.query_one("#ex-what", Select).value)
        units = self.query_one("#ex-units", SelectionList)
        units.disabled = not uses_units(what) or is_participant(self.store)

    def _fill_files(self) -> None:
        files = self.query_one("#ex-files", OptionList)
        files.clear_options()
        request = self.request()
        if request.what == BUNDLE:
            files.add_option(Option(Content(f"{BUNDLE_FOLDER}/… (seluruh workshop)"),
                                    disabled=True))
            return
        try:
            jobs = plan_jobs(self.store, request)
        except _ERRORS as exc:
            files.add_option(Option(Content(_message(exc)), disabled=True))
            return
        if not jobs:
            files.add_option(Option(Content("(tidak ada berkas: belum ada isinya)"),
                                    disabled=True))
            return
        files.add_options([Option(Content(job_label(job))) for job in jobs])
        files.highlighted = 0

    # -- actions -----------------------------------------------------------------------------

    def action_close(self) -> None:
        if self.running:
            self.notify("Ekspor masih berjalan; tunggu sampai selesai.", severity="warning")
            return
        self.dismiss()

    @on(Button.Pressed, "#ex-close")
    def _close_pressed(self) -> None:
        self.action_close()

    @on(Button.Pressed, "#ex-run")
    @on(Input.Submitted, "#ex-folder")
    def action_run(self) -> None:
        self.start()

    @on(Button.Pressed, "#ex-preview")
    def action_preview(self) -> None:
        files = self.query_one("#ex-files", OptionList)
        index = files.highlighted
        self.preview(0 if index is None else index)

    @on(OptionList.OptionSelected, "#ex-files")
    def _file_chosen(self, event: OptionList.OptionSelected) -> None:
        self.preview(event.option_index)

    def preview(self, index: int) -> None:
        """Show the Markdown of the ``index``-th file of the current choice."""
        request = self.request()
        if request.what == BUNDLE:
            self.notify("Bundel YAML tidak memiliki pratinjau Markdown.", severity="warning")
            return
        try:
            jobs = plan_jobs(self.store, request)
            sources = preview_jobs(self.store, request)
            if not 0 <= index < min(len(jobs), len(sources)):
                self.notify("Tidak ada berkas untuk dipratinjau.", severity="warning")
                return
            made = sources[index].make()
            text = made if isinstance(made, str) else made.decode("utf-8", "replace")
        except _ERRORS as exc:
            self.notify(_message(exc), title="Pratinjau gagal", severity="error", markup=False)
            return
        label = job_label(jobs[index])
        if request.fmt != "md":
            label += " (sumber Markdown)"
        self.app.push_screen(PreviewScreen(label, text))

    def start(self) -> None:
        """Check the choice and the folder, then export in a thread worker."""
        if self.running:
            self.notify("Ekspor masih berjalan.", severity="warning")
            return
        request = self.request()
        web = self.app.is_web
        if not web:
            if request.out == Path():
                self._fail("Isi folder keluaran.")
                return
            problem = folder_problem(request.out)
            if problem is not None:
                self._fail(problem)
                return
        try:
            jobs = plan_jobs(self.store, request)
        except _ERRORS as exc:
            self._fail(_message(exc))
            return
        if not jobs and request.what != BUNDLE:
            self._fail("Tidak ada yang diekspor: pilihan ini belum berisi dokumen.",
                       severity="warning")
            return
        self.running = True
        self.written = []
        self.with_errors = sum(1 for job in jobs if job.errors)
        self._progress(0, len(jobs) if jobs else None, "Mengekspor…")
        self._export(self.app, self.store, request, jobs, web)

    # -- the worker --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="export")
    def _export(self, app: App[Any], store: Store, request: ExportRequest, jobs: list[Job],
                web: bool) -> None:
        try:
            if web:
                summary = self._deliver(app, store, request, jobs)
            else:
                summary = self._write(app, store, request, jobs)
        except _ERRORS as exc:
            app.call_from_thread(self._finish, _message(exc), True)
            return
        except Exception as exc:  # never a traceback for the user
            app.call_from_thread(self._finish, f"Ekspor gagal: {exc}", True)
            return
        app.call_from_thread(self._finish, summary, False)

    def _write(self, app: App[Any], store: Store, request: ExportRequest,
               jobs: list[Job]) -> str:
        if request.what == BUNDLE:
            from workshop.bundle import export_bundle

            written = export_bundle(store, request.out / BUNDLE_FOLDER)
            app.call_from_thread(self._progress, 1, 1, "")
            self.written = written
            return written_summary(len(written), request.out / BUNDLE_FOLDER)
        total = len(jobs)
        step = _step(total)
        for number, job in enumerate(jobs, start=1):
            self.written += run_jobs([job], request.out, progress_stream=io.StringIO())
            if number % step == 0 or number == total:
                app.call_from_thread(self._progress, number, total, f"{number}/{total} berkas")
        return written_summary(len(self.written), request.out)

    def _deliver(self, app: App[Any], store: Store, request: ExportRequest,
                 jobs: list[Job]) -> str:
        files: list[tuple[str, str | bytes]]
        if request.what == BUNDLE:
            files = list(bundle_files(store))
            app.call_from_thread(self._progress, 1, 1, "")
        else:
            files = []
            total = len(jobs)
            step = _step(total)
            for number, job in enumerate(jobs, start=1):
                files.append((job_label(job), job.make()))
                if number % step == 0 or number == total:
                    app.call_from_thread(self._progress, number, total,
                                         f"{number}/{total} berkas")
        name = download_name(request, files)
        if len(files) == 1 and isinstance(files[0][1], str):
            mime = MIME.get(request.fmt, "text/plain")
            content = files[0][1]
            if isinstance(content, bytes):  # a PDF
                app.call_from_thread(app.deliver_binary, io.BytesIO(content),
                                     save_filename=name, mime_type=mime)
            else:
                app.call_from_thread(app.deliver_text, io.StringIO(content),
                                     save_filename=name, mime_type=mime)
        else:
            app.call_from_thread(app.deliver_binary, io.BytesIO(zip_bytes(files)),
                                 save_filename=name, mime_type="application/zip")
        return delivered_summary(len(files), name)

    # -- showing progress and results (main thread) ------------------------------------------

    def _progress(self, done: int, total: int | None, status: str) -> None:
        self.done, self.total, self.status = done, total, status
        self._show_progress()

    def _show_progress(self) -> None:
        bars = self.query("#ex-progress").results(ProgressBar)
        bar = next(bars, None)
        if bar is None:  # not composed yet: on_mount shows the state
            return
        bar.display = self.running or self.done > 0  # no idle animation before an export
        bar.update(total=self.total, progress=self.done)
        self.query_one("#ex-status", Static).update(Text(self.status))

    def _fail(self, message: str, severity: str = "error") -> None:
        self.status = message
        self._show_progress()
        self.app.notify(message, title="Ekspor", severity=severity,  # type: ignore[arg-type]
                        markup=False, timeout=10)

    def _finish(self, message: str, failed: bool) -> None:
        self.running = False
        if failed:
            self._fail(message)
            return
        self.status = message
        self._show_progress()
        self.app.notify(message, title="Ekspor selesai", markup=False, timeout=8)
        if self.with_errors:
            self.app.notify(
                errors_summary(self.with_errors) + " Lihat panel Periksa di Pengembangan.",
                title="Ekspor", severity="warning", markup=False, timeout=12,
            )


def open_export(app: App[Any], what: str | None = None, fmt: str | None = None, *,
                start: bool = False) -> ExportScreen | None:
    """Show the export screen (``what``/``fmt`` chosen); ``start``: run the export at once."""
    if getattr(app, "ctx", None) is None:
        app.notify("Buka workshop dulu.", severity="warning")
        return None
    screen = ExportScreen(what, fmt)
    app.push_screen(screen)
    if start:
        screen.start()
    return screen
