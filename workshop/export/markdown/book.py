"""A unit's SOP book: cover, keputusan penetapan (draft), daftar isi, penjelasan singkat, the SOPs.

Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from workshop.docsettings import DocumentSettings, letterhead_lines
from workshop.export.markdown.decree import keputusan_blocks
from workshop.export.markdown.sop import default_document, sop_markdown
from workshop.export.markdown.unitcommon import book_records
from workshop.export.mdutil import (
    EMPTY,
    cell,
    inline,
    join_blocks,
    or_dash,
    table,
)
from workshop.export.sop_document import SopDocument
from workshop.export.sopview import actor_columns, total_time_text
from workshop.model import (
    Event,
    SopRecord,
    Unit,
)
from workshop.regulations import Register, load_register

# The parts of a unit's SOP book after the cover (level 2 headings); each starts a printed page.
BOOK_PARTS = (
    "Keputusan Penetapan (draf)",
    "Daftar Isi",
    "Penjelasan Singkat",
    "Standar Operasional Prosedur",
)

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "SOP AP",
        "Standar Operasional Prosedur Administrasi Pemerintahan: serangkaian petunjuk tertulis "
        "yang dibakukan tentang bagaimana dan kapan suatu kegiatan pemerintahan dilakukan, "
        "di mana, dan oleh siapa.",
    ),
    ("Pelaksana", "Jabatan yang mengerjakan suatu kegiatan; ditulis sebagai jabatan, bukan nama."),
    (
        "Mutu Baku",
        "Ukuran setiap kegiatan: kelengkapan (bahan/persyaratan), waktu dan output.",
    ),
    ("Kapsul", "Simbol mulai dan selesai."),
    ("Kotak", "Simbol proses: kegiatan yang dikerjakan."),
    ("Belah ketupat", "Simbol keputusan dengan dua jawaban, Ya dan Tidak."),
    ("Anak panah", "Arah alur dari satu kegiatan ke kegiatan berikutnya."),
    ("Segilima", "Penghubung antarhalaman: alur berlanjut di halaman lain."),
)


def book_markdown(
    unit: Unit,
    records: Sequence[SopRecord],
    event: Event,
    *,
    year: str,
    with_tables: bool = True,
    register: Register | None = None,
    docs: Sequence[SopDocument] | None = None,
    settings: DocumentSettings | None = None,
) -> str:
    """A unit's SOP book: cover, draft decree, contents, short notes, then every SOP.

    Retired SOPs (``dicabut``) are left out; ``docs`` are the documents of the others, in
    order (default: made from each SOP alone). The cover prints the government line(s) and
    the address of ``settings``. SOP titles are level 3 headings under the book's part
    "Standar Operasional Prosedur". ``with_tables=False``: see :func:`sop_markdown`.
    """
    sops = book_records(records)
    if docs is None:
        docs = [default_document(r.sop, status=r.status) for r in sops]
    settings = settings or DocumentSettings()
    unit_name = inline(unit.name) or EMPTY
    year_text = inline(year)

    government = "\\\n".join(inline(line) for line in letterhead_lines(settings, event, None))
    own = settings.unit_lines.get(unit.slug) or (unit.name,)
    cover = ["# Standar Operasional Prosedur Administrasi Pemerintahan"]
    if government:
        cover.append(government)
    cover.append("\\\n".join(f"**{inline(line)}**" for line in own if inline(line))
                 or f"**{unit_name}**")
    if settings.address.strip():
        cover.append(inline(settings.address))
    cover.append(f"Tahun {year_text}")
    cover.append(f"Memuat {len(sops)} SOP AP.")

    decree = [
        f"## {BOOK_PARTS[0]}",
        *keputusan_blocks(unit, records, event, register or load_register(), title_level=None,
                         notes_level=3),
    ]

    contents_rows = [
        [str(i), or_dash(r.sop.number), or_dash(r.sop.title), or_dash(r.status)]
        for i, r in enumerate(sops, start=1)
    ]
    contents = [
        f"## {BOOK_PARTS[1]}",
        "1. Keputusan Penetapan\n2. Penjelasan Singkat\n3. Standar Operasional Prosedur:",
        table(("No", "Nomor SOP", "Nama SOP", "Status"), contents_rows)
        if contents_rows
        else "Belum ada SOP.",
    ]

    summary_rows = [
        [
            str(i),
            or_dash(r.sop.title),
            str(len(actor_columns(r.sop)) if r.sop.steps else len(r.sop.actors)),
            str(len(r.sop.steps)),
            cell(total_time_text(r.sop)),
        ]
        for i, r in enumerate(sops, start=1)
    ]
    kinds: dict[str, int] = defaultdict(int)
    for r in sops:
        kinds[r.sop.classification.activity or "belum ditentukan"] += 1
    kinds_text = ", ".join(f"{inline(k)}: {n}" for k, n in sorted(kinds.items()))
    notes = [
        f"## {BOOK_PARTS[2]}",
        "### Ruang Lingkup",
        f"Buku ini memuat {len(sops)} SOP AP {unit_name} yang mengatur kegiatan "
        "administrasi pemerintahan di unit ini, baik pelayanan kepada pihak luar maupun "
        "kegiatan internal yang menghasilkan output unit."
        + (f" Jenis kegiatan: {kinds_text}." if sops else ""),
        "### Ringkasan",
        table(("No", "Nama SOP", "Jumlah Pelaksana", "Jumlah Langkah", "Waktu"), summary_rows)
        if summary_rows
        else "Belum ada SOP.",
        "### Definisi",
        "\n".join(f"- **{term}**: {meaning}" for term, meaning in DEFINITIONS),
    ]

    parts = [
        *cover,
        *decree,
        *contents,
        *notes,
        f"## {BOOK_PARTS[3]}",
    ]
    for r, doc in zip(sops, docs, strict=True):
        parts.append(sop_markdown(r.sop, heading_level=3, with_table=with_tables, doc=doc))
    return join_blocks(parts)
