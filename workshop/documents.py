"""The documents a workshop exports, each declared once.

``sop-workshop export DIR --what KEY`` offers the keys, the app's export screen offers the
labels (in this order), and ``exporting.workshop_jobs`` builds a document's files with the
function of ``workshop.exporting`` that ``build`` names (looked up there when it runs, so this
module stays light for the command line: importing the exporters costs ~0.3 s).

How to add a document: a module with its ``*_markdown`` function in ``workshop/export/markdown/``,
one ``Document`` line here, and its builder in ``workshop/exporting.py``
(``(store, units, fmt, unit_name) -> list[Job]``). ``docs/architecture.md`` has the recipe and
``tests/test_documents.py`` follows it.
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


def keys() -> tuple[str, ...]:
    """The ``--what`` choices, in the declared order."""
    return tuple(d.key for d in DOCUMENTS)


def find(key: str) -> Document | None:
    return next((d for d in DOCUMENTS if d.key == key), None)
