"""The documents a workshop exports and the formats they come in, each declared once.

``sop-workshop export DIR --what KEY`` offers the keys, the app's export screen offers the
labels (in this order), and ``exporting.workshop_jobs`` builds a document's files with the
function of ``workshop.exporting`` that ``build`` names (looked up there when it runs, so this
module stays light for the command line: importing the exporters costs ~0.3 s).

How to add a document: a module with its ``*_markdown`` function in ``workshop/export/markdown/``,
one ``Document`` line here, and its builder in ``workshop/exporting.py``
(``(store, units, fmt, unit_name) -> list[Job]``). ``docs/architecture.md`` has the recipe and
``tests/test_documents.py`` follows it.

:data:`FORMATS` is the one list of export formats: ``export --format`` offers its keys, the
export screen its labels, a download its MIME type. Every document comes out in every format
but YAML (an SOP file or the whole bundle only); ``binary`` formats are written as bytes and
never to a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Document:
    key: str  # the word after --what (Bahasa Indonesia)
    label: str  # what the export screen offers
    per_unit: bool  # one file per unit: the unit choice applies
    build: str  # the builder's name in workshop.exporting


DOCUMENTS: Final[tuple[Document, ...]] = (
    Document("sop", "SOP (satu berkas per SOP)", True, "sop_jobs"),
    Document("buku", "Buku SOP unit", True, "book_jobs"),
    Document("sk-tim", "SK Tim Penyusun SOP (draf)", True, "team_decree_jobs"),
    Document("kebutuhan", "Kebutuhan SOP (Tabel 6)", True, "needs_jobs"),
    Document("keputusan-lama", "Keputusan atas SOP lama", True, "existing_decisions_jobs"),
    Document("reviu", "Hasil reviu dan uji coba", True, "review_jobs"),
    Document("keputusan", "Keputusan penetapan SOP (draf)", True, "decree_jobs"),
    Document("penerapan", "Laporan penerapan", True, "implementation_jobs"),
    Document("monitoring", "Monitoring (Tabel 7)", True, "monitoring_jobs"),
    Document("evaluasi", "Evaluasi penerapan", True, "evaluation_jobs"),
    Document("notulen", "Notulen sesi", False, "minutes_jobs"),
    Document("berita-acara", "Berita acara sesi", False, "session_record_jobs"),
    Document("laporan", "Laporan akhir pendampingan", False, "report_jobs"),
)


@dataclass(frozen=True)
class Format:
    key: str  # the word after --format, and the file extension
    label: str  # what the export screen offers
    mime: str  # the type of a download
    binary: bool = False  # bytes (Word, PDF), not text


FORMATS: Final[tuple[Format, ...]] = (
    Format("md", "Markdown (.md)", "text/markdown"),
    Format("html", "HTML siap cetak (.html)", "text/html"),
    Format("docx", "Word (.docx)",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document", binary=True),
    Format("pdf", "PDF siap cetak (.pdf)", "application/pdf", binary=True),
    Format("yaml", "YAML sop-ap/1 (.yaml)", "application/yaml"),
)


def format_keys() -> tuple[str, ...]:
    """The ``--format`` choices, in the declared order."""
    return tuple(f.key for f in FORMATS)


def find_format(key: str) -> Format | None:
    return next((f for f in FORMATS if f.key == key), None)


def keys() -> tuple[str, ...]:
    """The ``--what`` choices, in the declared order."""
    return tuple(d.key for d in DOCUMENTS)


def find(key: str) -> Document | None:
    return next((d for d in DOCUMENTS if d.key == key), None)
