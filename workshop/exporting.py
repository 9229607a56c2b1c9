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
is written by :mod:`workshop.writing` (``Job``, ``run_jobs``, ``write_text_atomic``: temporary
file + ``portable.replace``), which refuses to write where a symlink is or outside the folder
it is given; the names are re-exported here for callers. A progress bar is drawn on stderr
for long exports when stderr is a terminal; nothing but the file list is printed when output
is piped. A refusal, a
failed write or an unusable ``--out`` is an Indonesian message and exit 1, never a traceback.
Paths and messages printed pass ``safetext.terminal_text``.

An SOP that fails ``check`` (findings of severity error) still exports, marked as a draft
with its count of errors (DRAF watermark, "Draf: N kesalahan pemeriksaan"), and stderr names
how many SOPs have errors; with ``--strict`` nothing is written and the exit status is 1.

Exit status: 0 done; 1 a failed operation (unknown unit, unwritable folder, bad option, an SOP
with errors under ``--strict``); 2 unreadable input (bad SOP file, not a workshop, damaged
workshop file).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from workshop import documents
from workshop.docsettings import PAPERS, DocumentSettings, find_paper, letterhead_lines
from workshop.export import html as html_export
from workshop.export import markdown as md_export
from workshop.export.naming import unique_names, unique_stems
from workshop.export.progress import session_results, unit_report
from workshop.export.sop_document import SopDocument, sop_document
from workshop.model import Event, Session, Sop, SopRecord, Unit
from workshop.rules import ERROR, SEVERITY_LABELS
from workshop.safetext import terminal_text
from workshop.status import is_in_force, is_retired
from workshop.writing import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNREADABLE,
    ExportFailed,
    Job,
    run_jobs,
    write_failure,
    write_text_atomic,
)

if TYPE_CHECKING:
    from workshop.regulations import Register
    from workshop.store import Store

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "DocumentContext",
    "ExportFailed",
    "Job",
    "document_context",
    "document_from_markdown",
    "error_count",
    "errors_status",
    "errors_summary",
    "file_is_approved",
    "render_sop",
    "run_export",
    "run_jobs",
    "store_document_context",
    "workshop_jobs",
    "write_failure",
    "write_text_atomic",
]

# ---------------------------------------------------------------------------------------------
# One SOP file
# ---------------------------------------------------------------------------------------------


def file_is_approved(sop: Sop) -> bool:
    """A standalone SOP file counts as approved when its Tanggal Efektif is filled."""
    return bool((sop.dates.effective or "").strip())


def error_count(sop: Sop) -> int:
    """How many findings of severity error ``check`` has for ``sop``."""
    from workshop.rules import ERROR, check_sop

    return sum(1 for f in check_sop(sop) if f.severity == ERROR)


def errors_status(errors: int) -> str:
    """The status line of an SOP exported with ``errors`` (> 0) findings of ``check``."""
    return f"Draf: {errors} {SEVERITY_LABELS[ERROR]} pemeriksaan"


def errors_summary(with_errors: int) -> str:
    """What a person reads when ``with_errors`` (> 0) exported SOPs fail ``check``."""
    what = "SOP" if with_errors == 1 else f"{with_errors} SOP"
    return (
        f"{what} masih punya {SEVERITY_LABELS[ERROR]} pemeriksaan; diekspor sebagai draf "
        "bertanda jumlah kesalahannya."
    )


def _errors_warning(with_errors: int, strict: bool) -> str:
    what = "SOP" if with_errors == 1 else f"{with_errors} SOP"
    if strict:
        return (
            f"{what} masih punya {SEVERITY_LABELS[ERROR]} pemeriksaan (jalankan "
            "'sop-workshop check'); --strict: tidak ada berkas yang ditulis."
        )
    return (
        f"Peringatan: {errors_summary(with_errors)} Jalankan 'sop-workshop check' untuk "
        "rinciannya."
    )


@dataclass(frozen=True)
class DocumentContext:
    """What the official documents of one export share: the workshop's document settings
    (kop lines, paper), its event and its checked logo (None: no logo; ``warning`` says why
    when one is set but cannot be used)."""

    settings: DocumentSettings
    event: Event
    logo: Path | None = None
    warning: str = ""

    def document(self, record: SopRecord, unit: Unit | None, errors: int = 0) -> SopDocument:
        """The document of ``record``; with ``errors`` (findings of ``check``) a draft whose
        status says how many."""
        approved = _approved(record) and not errors
        status = errors_status(errors) if errors else record.status
        return sop_document(record.sop, settings=self.settings, event=self.event, unit=unit,
                            logo=self.logo, approved=approved, status=status)


def document_context(settings: DocumentSettings, event: Event | None = None,
                     logo: Path | None = None, warning: str = "") -> DocumentContext:
    """The shared context of an export; an unknown paper size is refused (nothing written)."""
    if find_paper(settings.paper) is None:
        known = ", ".join(p.key for p in PAPERS)
        raise ExportFailed(
            f"Ukuran kertas '{terminal_text(settings.paper)}' tidak dikenal (pilihan: {known}); "
            "tidak ada dokumen yang ditulis. Perbaiki pengaturan dokumen workshop."
        )
    return DocumentContext(settings, event or Event(), logo, warning)


def store_document_context(store: Store) -> DocumentContext:
    """The document settings, event and checked logo of ``store``'s workshop."""
    logo, warning = store.logo_file()
    return document_context(store.document_settings(), store.event(), logo, warning)


def _sop_docx(doc: SopDocument) -> bytes:
    from workshop.export.docx import sop_docx
    from workshop.export.flow_layout import flow_pages

    assert doc.sop is not None
    return sop_docx(doc, flow_pages(doc.sop, doc.paper, table=doc.table,
                                    total_time=doc.total_time))


def _sop_pdf(doc: SopDocument) -> bytes:
    from workshop.export.flow_layout import flow_pages
    from workshop.export.pdf.sop import sop_pdf

    assert doc.sop is not None
    return sop_pdf(doc, flow_pages(doc.sop, doc.paper, table=doc.table,
                                   total_time=doc.total_time))


def render_sop(
    sop: Sop,
    fmt: str,
    *,
    status: str | None = None,
    approved: bool = False,
    unit: Unit | None = None,
    context: DocumentContext | None = None,
    doc: SopDocument | None = None,
) -> str | bytes:
    """One SOP in ``fmt`` (md, html, docx or yaml); a Word file is bytes. ``doc``: its
    official document (kop, boxes); else made from ``context`` (the workshop's document
    settings and logo) and ``unit``, else from the SOP alone
    (:func:`workshop.export.markdown.default_document`)."""
    if fmt == "yaml":
        from workshop.sopfile import dumps_sop

        return dumps_sop(sop)
    if doc is None:
        if context is not None:
            doc = sop_document(sop, settings=context.settings, event=context.event, unit=unit,
                               logo=context.logo, approved=approved, status=status)
        else:
            doc = md_export.default_document(sop, status=status, approved=approved)
    if fmt == "docx":
        return _sop_docx(doc)
    if fmt == "pdf":
        return _sop_pdf(doc)
    if fmt == "html":
        return html_export.sop_html(sop, title=sop.title or "SOP", doc=doc)
    return md_export.sop_markdown(sop, doc=doc)


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
    errors = error_count(sop) if args.format != "yaml" else 0
    if errors and getattr(args, "strict", False):
        raise ExportFailed(_errors_warning(1, True))
    if errors:
        text = render_sop(sop, args.format, status=errors_status(errors), approved=False)
    else:
        text = render_sop(sop, args.format, approved=file_is_approved(sop))
    if errors:
        print(terminal_text(_errors_warning(1, False)), file=sys.stderr)
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
    if isinstance(text, bytes):
        if sys.stdout.isatty():
            raise ExportFailed(
                f"{args.format.upper()} tidak ditampilkan di terminal; tulis ke berkas dengan "
                f"-o BERKAS.{args.format} atau --out FOLDER."
            )
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
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


def document_from_markdown(fmt: str, text: str, title: str) -> str | bytes:
    """A document made as Markdown (``text``) in ``fmt``: md, html, docx or pdf (bytes)."""
    return _document(fmt, text, title)


def _document(fmt: str, text: str, title: str, sops: Sequence[SopDocument] = ()
              ) -> str | bytes:
    if fmt == "html":
        return html_export.render_html(text, title=title, sops=sops)
    if fmt == "docx":
        from workshop.export.docx import markdown_docx

        return markdown_docx(text, title=title)
    if fmt == "pdf":
        from workshop.export.pdf.markdown import markdown_pdf

        return markdown_pdf(text, title=title)
    return text


def _store_context(store: Store, fmt: str) -> DocumentContext:
    """The shared context of a workshop export (every format: the kop of Markdown and HTML
    comes from it too)."""
    return store_document_context(store)


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
    context = _store_context(store, fmt)
    folders = unique_stems([u.slug for u in units])
    for u, folder in zip(units, folders, strict=True):
        records = store.sops(u.slug)
        names = unique_names([r.sop.title for r in records], fmt)
        for record, name in zip(records, names, strict=True):
            errors = error_count(record.sop)
            jobs.append(Job((folder, name), _sop_maker(record, fmt, errors, u, context),
                            pure=True, errors=errors))
    return jobs


def book_jobs(store: Store, units: list[Unit], fmt: str, unit_name: str | None) -> list[Job]:
    year = _year(store)
    context = _store_context(store, fmt)
    names = unique_names([f"buku-sop-{u.slug}" for u in units], fmt)
    return [
        Job((name,), _book_maker(store, u, year, fmt, context), errors=sum(
            1 for r in store.sops(u.slug) if not is_retired(r.status) and error_count(r.sop)
        ))
        for u, name in zip(units, names, strict=True)
    ]


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


def _unit_jobs(
    units: Sequence[Unit], fmt: str, prefix: str, title: str, text: Callable[[Unit], str]
) -> list[Job]:
    """One document per unit: ``<prefix>-<slug>.<fmt>`` titled ``<title> <unit name>``."""
    names = unique_names([f"{prefix}-{u.slug}" for u in units], fmt)
    return [Job((name,), _doc_maker(fmt, f"{title} {u.name}", partial(text, u)))
            for u, name in zip(units, names, strict=True)]


def team_decree_jobs(store: Store, units: list[Unit], fmt: str,
                     unit_name: str | None) -> list[Job]:
    def text(u: Unit) -> str:
        return md_export.sk_tim_markdown(u, store.members(u.slug), store.event(), _register(),
                                         letterhead_lines=_letterhead(store, u))

    return _unit_jobs(units, fmt, "sk-tim", "SK Tim Penyusun SOP AP", text)


def decree_jobs(store: Store, units: list[Unit], fmt: str, unit_name: str | None) -> list[Job]:
    def text(u: Unit) -> str:
        return md_export.keputusan_markdown(u, store.sops(u.slug), store.event(), _register(),
                                            letterhead_lines=_letterhead(store, u))

    return _unit_jobs(units, fmt, "keputusan", "Keputusan Penetapan SOP AP", text)


def existing_decisions_jobs(store: Store, units: list[Unit], fmt: str,
                            unit_name: str | None) -> list[Job]:
    def text(u: Unit) -> str:
        from workshop.pedoman import load_pedoman

        names = {t.id: t.name for t in load_pedoman().existing_decisions}
        return md_export.existing_decisions_markdown(
            u, store.existing_sops(u.slug), store.needs(u.slug), store.sops(u.slug),
            store.event(), members=store.members(u.slug), decision_names=names,
            letterhead_lines=_letterhead(store, u),
        )

    return _unit_jobs(units, fmt, "keputusan-sop-lama", "Keputusan atas SOP Lama", text)


def review_jobs(store: Store, units: list[Unit], fmt: str, unit_name: str | None) -> list[Job]:
    def text(u: Unit) -> str:
        return md_export.review_markdown(u, store.sops(u.slug), store.event(),
                                         members=store.members(u.slug),
                                         letterhead_lines=_letterhead(store, u))

    return _unit_jobs(units, fmt, "reviu", "Hasil Reviu dan Uji Coba SOP AP", text)


def implementation_jobs(store: Store, units: list[Unit], fmt: str,
                        unit_name: str | None) -> list[Job]:
    def text(u: Unit) -> str:
        return md_export.implementation_markdown(u, store.sops(u.slug), store.event(),
                                                 letterhead_lines=_letterhead(store, u))

    return _unit_jobs(units, fmt, "penerapan", "Laporan Penerapan SOP AP", text)


def session_record_jobs(store: Store, units: list[Unit], fmt: str,
                        unit_name: str | None) -> list[Job]:
    sessions = store.sessions()
    names = unique_names([f"berita-acara-{s.id}-{s.title}" for s in sessions], fmt)
    return [Job((name,), _doc_maker(fmt, f"Berita Acara {session.title}",
                                    partial(_session_record_text, store, session.id)))
            for session, name in zip(sessions, names, strict=True)]


def _doc_maker(fmt: str, title: str, build: Callable[[], str]) -> Callable[[], str | bytes]:
    return lambda: _document(fmt, build(), title)


def _settings(store: Store) -> DocumentSettings:
    """The workshop's document settings (``sop-workshop dokumen``, Persiapan)."""
    return store.document_settings()


def _letterhead(store: Store, unit: Unit | None) -> tuple[str, ...]:
    return letterhead_lines(_settings(store), store.event(), unit)


def _register() -> Register:
    from workshop.regulations import load_register

    return load_register()


def _session_results(store: Store, session: Session) -> dict[str, list[str]]:
    records = {u.slug: store.sops(u.slug) for u in store.units()}
    return session_results(session, store.log(), records)


def _session_record_text(store: Store, session_id: str) -> str:
    session = store.session(session_id)
    return md_export.berita_acara_markdown(
        store.event(), session, store.units(), store.members(), _session_results(store, session),
        letterhead_lines=_letterhead(store, None),
    )


def _needs_text(store: Store, u: Unit) -> str:
    return md_export.needs_markdown(u, store.needs(u.slug))


def _inventory_text(store: Store, units: Sequence[Unit]) -> str:
    return md_export.inventory_markdown([(u, store.needs(u.slug)) for u in units], store.votes())


def _monitoring_text(store: Store, u: Unit) -> str:
    from workshop.pedoman import load_pedoman

    names = {t.id: t.name for t in load_pedoman().monitoring_methods}
    return md_export.monitoring_markdown(u, store.sops(u.slug), method_names=names,
                                         today=date.today())


def _evaluation_text(store: Store, u: Unit, questions: Sequence[str]) -> str:
    from workshop.pedoman import load_pedoman

    names = {t.id: t.name for t in load_pedoman().evaluation_decisions}
    return md_export.evaluation_markdown(u, store.sops(u.slug), questions, decision_names=names)


def _sop_maker(record: SopRecord, fmt: str, errors: int, unit: Unit,
               context: DocumentContext) -> Callable[[], str | bytes]:
    return lambda: render_sop(record.sop, fmt, doc=context.document(record, unit, errors))


def _book_maker(store: Store, u: Unit, year: str, fmt: str,
                context: DocumentContext) -> Callable[[], str | bytes]:
    if fmt == "docx":
        return _docx_book_maker(store, u, year, context)
    if fmt == "pdf":
        return _pdf_book_maker(store, u, year, context)

    def make() -> str | bytes:
        records = store.sops(u.slug)  # the decree may name retired SOPs; the book does not
        docs = [context.document(r, u) for r in records if not is_retired(r.status)]
        text = md_export.book_markdown(
            u, records, context.event, year=year, with_tables=fmt != "html", docs=docs,
            settings=context.settings,
        )
        return _document(fmt, text, f"Buku SOP AP {u.name}", docs)

    return make


def _docx_book_maker(store: Store, u: Unit, year: str,
                     context: DocumentContext) -> Callable[[], bytes]:
    def make() -> bytes:
        from workshop.export.docx import book_docx
        from workshop.export.flow_layout import flow_pages

        records = store.sops(u.slug)
        docs = [context.document(r, u) for r in records if not is_retired(r.status)]
        text = md_export.book_markdown(u, records, context.event, year=year, with_tables=False,
                                       docs=docs, settings=context.settings)
        sops = []
        for doc in docs:
            assert doc.sop is not None
            sops.append((doc, flow_pages(doc.sop, doc.paper, table=doc.table,
                                         total_time=doc.total_time)))
        return book_docx(text, sops, title=f"Buku SOP AP {u.name}",
                         paper=context.settings.paper_size)

    return make


def _pdf_book_maker(store: Store, u: Unit, year: str,
                    context: DocumentContext) -> Callable[[], bytes]:
    def make() -> bytes:
        from workshop.export.flow_layout import flow_pages
        from workshop.export.pdf.book import BookSop, book_pdf
        from workshop.export.pdf.sop import sop_pages

        records = store.sops(u.slug)
        kept = [r for r in records if not is_retired(r.status)]
        docs = [context.document(r, u) for r in kept]
        text = md_export.book_markdown(u, records, context.event, year=year, with_tables=False,
                                       docs=docs, settings=context.settings)
        sops = []
        for record, doc in zip(kept, docs, strict=True):
            assert doc.sop is not None
            flow = flow_pages(doc.sop, doc.paper, table=doc.table, total_time=doc.total_time)
            sops.append(BookSop(doc.fields[0].value, doc.title, record.status,
                                sop_pages(doc, flow)))
        return book_pdf(text, sops, paper=context.settings.paper_size,
                        title=f"Buku SOP AP {u.name}")

    return make


def _questions() -> list[str]:
    from workshop.pedoman import load_pedoman

    return [q.text for q in load_pedoman().evaluation_questions]


def _stages() -> list[tuple[str, str]]:
    from workshop.pedoman import load_pedoman

    return [(s.id, s.name) for s in load_pedoman().stages]


def _minutes_text(store: Store, session_id: str) -> str:
    session = store.session(session_id)
    produced = _session_results(store, session)
    return md_export.minutes_markdown(
        store.event(), session, store.units(), store.members(), produced,
        stage_names=dict(_stages()),
    )


def _report_text(store: Store, units: Sequence[Unit]) -> str:
    from workshop.pedoman import load_pedoman

    readiness = load_pedoman().readiness
    templates = _template_titles()
    facts = []
    for u in units:
        members, needs, records = store.members(u.slug), store.needs(u.slug), store.sops(u.slug)
        progress = unit_report(u, members=members, needs=needs, records=records,
                               readiness_total=len(readiness))
        facts.append(md_export.UnitFacts(
            u, progress, members, needs, records, store.existing_sops(u.slug), templates
        ))
    return md_export.report_markdown(
        store.event(), facts, store.sessions(), _stages(), _register(),
        members=store.members(), readiness=[(item.id, item.label) for item in readiness],
        letterhead_lines=_letterhead(store, None),
    )


def _template_titles() -> dict[str, str]:
    """Template id (file stem) -> title, for the general SOPs a unit adopted."""
    from workshop.resources import sop_templates_dir
    from workshop.sopfile import SopFileError, load_sop

    titles = {}
    for path in sorted(sop_templates_dir().glob("*.yaml")):
        try:
            titles[path.stem] = load_sop(path).title
        except SopFileError:  # a damaged template: its SOPs show their own title
            continue
    return titles


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
        with_errors = sum(1 for job in jobs if job.errors)
        if with_errors and getattr(args, "strict", False):
            raise ExportFailed(_errors_warning(with_errors, True))
        if args.what in ("sop", "buku") and args.format != "md":
            warning = store.logo_file()[1]
            if warning:
                print(terminal_text("Peringatan: " + warning), file=sys.stderr)
        written = run_jobs(jobs, out)
        if with_errors:
            print(terminal_text(_errors_warning(with_errors, False)), file=sys.stderr)
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
