"""A unit's SOP book: cover, keputusan penetapan (draft), daftar isi, penjelasan singkat, the SOPs.

Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from workshop.export import mdutil
from workshop.export.markdown.sop import sop_markdown
from workshop.export.mdutil import (
    EMPTY,
    cell,
    inline,
    join_blocks,
    or_dash,
    table,
)
from workshop.export.sopview import actor_columns, total_time_text
from workshop.model import (
    Event,
    SopRecord,
    Unit,
)
from workshop.status import is_retired

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


def decree_author(unit: Unit, event: Event) -> str:
    """Who sets the SOPs, escaped: "Kepala Dinas Kesehatan Kabupaten Wonosobo".

    The head's position and the unit's name are joined without repeating a shared word
    ("Kepala Dinas" + "Dinas Kesehatan"); "Kepala" stands in when no position is recorded.
    """
    head = mdutil.one_line(unit.head_position) or "Kepala"
    name = mdutil.one_line(unit.name)
    head_words, name_words = head.split(), name.split()
    overlap = 0
    for k in range(min(len(head_words), len(name_words)), 0, -1):
        if [w.lower() for w in head_words[-k:]] == [w.lower() for w in name_words[:k]]:
            overlap = k
            break
    words = head_words + name_words[overlap:]
    region = mdutil.one_line(event.host_government)
    if region.lower().startswith("pemerintah "):
        region = region[len("pemerintah ") :]
    if region and region.lower() not in name.lower():
        words += region.split()
    return inline(" ".join(words))


def book_records(records: Sequence[SopRecord]) -> list[SopRecord]:
    return [r for r in records if not is_retired(r.status)]


def book_markdown(
    unit: Unit,
    records: Sequence[SopRecord],
    event: Event,
    *,
    year: str,
    with_tables: bool = True,
) -> str:
    """A unit's SOP book: cover, draft decree, contents, short notes, then every SOP.

    Retired SOPs (``dicabut``) are left out. SOP titles are level 3 headings under the book's
    part "Standar Operasional Prosedur". ``with_tables=False``: see :func:`sop_markdown`.
    """
    sops = book_records(records)
    unit_name = inline(unit.name) or EMPTY
    author = decree_author(unit, event)
    host = inline(event.host_government)
    year_text = inline(year)

    cover = [
        "# Standar Operasional Prosedur Administrasi Pemerintahan",
        f"**{unit_name}**",
    ]
    if host:
        cover.append(host)
    cover.append(f"Tahun {year_text}")
    cover.append(f"Memuat {len(sops)} SOP AP.")

    all_bases: list[str] = []
    for r in sops:
        for basis in r.sop.legal_basis:
            if mdutil.one_line(basis) and mdutil.one_line(basis) not in all_bases:
                all_bases.append(mdutil.one_line(basis))
    regulation = "Peraturan Menteri PAN-RB Nomor 35 Tahun 2012"
    if not any(regulation.lower() in b.lower() for b in all_bases):
        all_bases.insert(0, regulation + " tentang Pedoman Penyusunan SOP AP")

    decree = [
        f"## {BOOK_PARTS[0]}",
        f"KEPUTUSAN {decree_author(unit, event).upper()}",
        "NOMOR: ........................",
        "TENTANG STANDAR OPERASIONAL PROSEDUR ADMINISTRASI PEMERINTAHAN DI LINGKUNGAN "
        f"{unit_name.upper()}",
        "**Menimbang:** bahwa agar tugas dan fungsi dilaksanakan secara tertib, efisien, "
        "terukur dan dapat dipertanggungjawabkan, perlu menetapkan standar operasional "
        "prosedur administrasi pemerintahan dengan keputusan pimpinan.",
        "**Mengingat:**",
        mdutil.numbered(all_bases),
        "**MEMUTUSKAN**",
        "**Menetapkan:**",
        "1. KESATU: Standar Operasional Prosedur Administrasi Pemerintahan di lingkungan "
        f"{unit_name} sebagaimana tercantum dalam Lampiran keputusan ini.\n"
        "2. KEDUA: SOP AP sebagaimana dimaksud pada diktum KESATU menjadi acuan bagi setiap "
        "pelaksana dalam menjalankan kegiatannya.\n"
        "3. KETIGA: Keputusan ini mulai berlaku pada tanggal ditetapkan.",
        "Ditetapkan di: ........................  \nPada tanggal: ........................",
        author,
        "(nama dan NIP)",
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
    for r in sops:
        parts.append(sop_markdown(r.sop, status=r.status, heading_level=3, with_table=with_tables))
    return join_blocks(parts)
