"""The two Keputusan drafts of a unit: the SK Tim Penyusun and the penetapan of its SOPs.

Both in the letter form a Bagian Hukum expects (:mod:`.letter`): letterhead, title, Menimbang
a./b., Mengingat 1./2. from the register of regulations (``workshop.regulations``: hierarchy
order, no duplicates, a replaced regulation swapped for its successor), MEMUTUSKAN, Menetapkan,
diktum KESATU/KEDUA, place and long date, the signing official, and a Lampiran. What the
drafter must still do (a replaced or unregistered regulation, the regional regulations the app
does not know) is listed under "Catatan untuk Penyusun", which is not part of the decree.

Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

from collections.abc import Sequence

from workshop.datetext import BLANK, long_date
from workshop.export import mdutil
from workshop.export.markdown.letter import (
    considering,
    dictum,
    letterhead,
    place_of,
    remembering,
    signature,
)
from workshop.export.markdown.unitcommon import book_records, decree_author
from workshop.export.mdutil import cell, fixed_heading, inline, join_blocks, table
from workshop.model import Event, Member, SopRecord, Unit
from workshop.regulations import Mengingat, Register, mengingat

# What every SOP decree of a regional unit rests on (the register writes them out in full).
DECREE_BASES = (
    "Undang-Undang Nomor 23 Tahun 2014",
    "Undang-Undang Nomor 30 Tahun 2014",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012",
)
SOP_AP = "STANDAR OPERASIONAL PROSEDUR ADMINISTRASI PEMERINTAHAN"
NOTES_HEADING = "Catatan untuk Penyusun"
TEAM_HEADER = ("No", "Nama", "NIP", "Jabatan", "Kedudukan dalam Tim")
ROLE_ORDER = {"ketua": 0, "sekretaris": 1, "anggota": 2}
ROLE_NAMES = {"ketua": "Ketua", "sekretaris": "Sekretaris", "anggota": "Anggota"}
TEAM_MODELS = {
    "internal": "internal (anggota dari unit sendiri)",
    "eksternal": "eksternal (dengan pihak luar sebagai penyusun)",
    "gabungan": "gabungan (unsur unit dan pihak luar)",
}


def _bases(register: Register) -> list[tuple[str, str]]:
    return [(reg.citation if (reg := register.find(b)) else b, "") for b in DECREE_BASES]


def _title(author: str, number: str, about: str, level: int | None) -> list[str]:
    first = f"KEPUTUSAN {author.upper()}"
    head = fixed_heading(level, first) if level else f"**{first}**"
    return [head, f"NOMOR {number or BLANK}  \nTENTANG  \n{about}", f"{author.upper()},"]


def _notes(result: Mengingat, extra: Sequence[str] = (), *, level: int = 2) -> list[str]:
    notes = []
    for r in result.replaced:
        by = f" (dikutip oleh SOP {', '.join(inline(t) for t in r.cited_by)})" if r.cited_by else ""
        notes.append(
            f"{inline(r.old.short)}{by} telah dicabut dan diganti dengan "
            f"{inline(r.new.short)}; Mengingat memuat penggantinya. Perbarui Dasar Hukum SOP "
            "tersebut."
        )
    for line in result.unknown:
        notes.append(
            f"{inline(line)} tidak ada dalam daftar regulasi; periksa jenis, nomor, tahun dan "
            "judulnya, dan apakah masih berlaku."
        )
    notes.extend(extra)
    if not notes:
        return []
    return [fixed_heading(level, NOTES_HEADING), "\n".join(f"- {n}" for n in notes)]


REGIONAL_NOTE = (
    "Tambahkan Peraturan Daerah dan Peraturan Kepala Daerah tentang pembentukan, kedudukan, "
    "susunan organisasi, tugas dan fungsi unit ini (tidak tercatat di aplikasi)."
)


def keputusan_blocks(
    unit: Unit,
    records: Sequence[SopRecord],
    event: Event,
    register: Register,
    *,
    title_level: int | None = 1,
    notes_level: int = 2,
) -> list[str]:
    """The decree setting the unit's SOPs (not retired), its Lampiran and the drafter's notes."""
    sops = book_records(records)
    author = decree_author(unit, event)
    unit_upper = (inline(unit.name) or BLANK).upper()
    about = f"{SOP_AP} DI LINGKUNGAN {unit_upper}"
    cited = _bases(register) + [
        (basis, mdutil.one_line(r.sop.title)) for r in sops for basis in r.sop.legal_basis
    ]
    result = mengingat(cited, register)
    unit_name = inline(unit.name) or BLANK
    blocks = [
        *_title(author, "", about, title_level),
        considering([
            "bahwa agar tugas dan fungsi di lingkungan "
            f"{unit_name} dilaksanakan secara tertib, efisien, terukur dan dapat "
            "dipertanggungjawabkan, setiap kegiatan administrasi pemerintahan perlu dilaksanakan "
            "menurut prosedur yang baku",
            f"bahwa Standar Operasional Prosedur Administrasi Pemerintahan di lingkungan "
            f"{unit_name} telah disusun, diuji dan direviu menurut pedoman penyusunan yang berlaku",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
            f"menetapkan Keputusan {author} tentang Standar Operasional Prosedur Administrasi "
            f"Pemerintahan di Lingkungan {unit_name}",
        ]),
        remembering(result.items),
        "**MEMUTUSKAN:**",
        f"**Menetapkan** : KEPUTUSAN {author.upper()} TENTANG {about}.",
        *dictum([
            "Menetapkan Standar Operasional Prosedur Administrasi Pemerintahan di lingkungan "
            f"{unit_name} sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak "
            "terpisahkan dari Keputusan ini.",
            "Standar Operasional Prosedur sebagaimana dimaksud dalam Diktum KESATU menjadi acuan "
            "bagi setiap pelaksana dalam menjalankan kegiatan administrasi pemerintahan di "
            f"lingkungan {unit_name}.",
            "Penerapan Standar Operasional Prosedur sebagaimana dimaksud dalam Diktum KESATU "
            "dimonitor dan dievaluasi secara berkala, dan hasilnya menjadi dasar perbaikan.",
            "Keputusan ini mulai berlaku pada tanggal ditetapkan.",
        ]),
        signature(
            place=place_of(event.host_government), date=None, position=author.upper(), name=""
        ),
        f"**LAMPIRAN KEPUTUSAN {author.upper()}**  \nNOMOR {BLANK}  \nTANGGAL {BLANK}",
        table(
            ("No", "Nomor SOP", "Nama SOP"),
            [[str(i), cell(r.sop.number, empty=BLANK), cell(r.sop.title, empty=BLANK)]
             for i, r in enumerate(sops, start=1)],
        )
        if sops
        else f"Belum ada SOP yang ditetapkan: {BLANK}",
    ]
    blocks += _notes(result, (REGIONAL_NOTE,), level=notes_level)
    return blocks


def keputusan_markdown(
    unit: Unit,
    records: Sequence[SopRecord],
    event: Event,
    register: Register,
    *,
    letterhead_lines: Sequence[str] = (),
) -> str:
    """The draft Keputusan penetapan SOP AP of one unit, with its letterhead."""
    return join_blocks(
        [letterhead(letterhead_lines), *keputusan_blocks(unit, records, event, register)]
    )


def _team_rows(members: Sequence[Member]) -> list[list[str]]:
    ordered = sorted(members, key=lambda m: ROLE_ORDER.get(m.role, 3))
    rows = [
        [
            str(i),
            cell(m.name, empty=BLANK),
            cell(m.nip, empty=BLANK),
            cell(m.position, empty=BLANK),
            cell(ROLE_NAMES.get(m.role, m.role), empty=BLANK),
        ]
        for i, m in enumerate(ordered, start=1)
    ]
    return rows or [["1", BLANK, BLANK, BLANK, "Ketua"]]


def sk_tim_markdown(
    unit: Unit,
    members: Sequence[Member],
    event: Event,
    register: Register,
    *,
    letterhead_lines: Sequence[str] = (),
) -> str:
    """The draft Keputusan forming the unit's Tim Penyusun SOP AP, its members in the Lampiran.

    The number and date are the unit's SK when recorded (Persiapan), else ``BLANK``.
    """
    author = decree_author(unit, event)
    unit_name = inline(unit.name) or BLANK
    about = f"PEMBENTUKAN TIM PENYUSUN {SOP_AP} DI LINGKUNGAN {unit_name.upper()}"
    result = mengingat(_bases(register), register)
    model = TEAM_MODELS.get(unit.team_model, "")
    duties = (
        "Tim sebagaimana dimaksud dalam Diktum KESATU bertugas:  \n"
        "a. mengidentifikasi kebutuhan SOP AP berdasarkan tugas dan fungsi unit;  \n"
        "b. menyusun, menguji dan mereviu rancangan SOP AP;  \n"
        "c. menyiapkan penetapan, penerapan, serta monitoring dan evaluasi SOP AP; dan  \n"
        f"d. melaporkan hasil pelaksanaan tugasnya kepada {author}."
    )
    blocks = [
        letterhead(letterhead_lines),
        *_title(author, inline(unit.sk_number), about, 1),
        considering([
            f"bahwa untuk menyusun Standar Operasional Prosedur Administrasi Pemerintahan di "
            f"lingkungan {unit_name} sesuai dengan pedoman penyusunan, perlu dibentuk tim "
            "penyusun yang memahami tugas dan fungsi unit",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
            f"Keputusan {author} tentang Pembentukan Tim Penyusun Standar Operasional Prosedur "
            f"Administrasi Pemerintahan di Lingkungan {unit_name}",
        ]),
        remembering(result.items),
        "**MEMUTUSKAN:**",
        f"**Menetapkan** : KEPUTUSAN {author.upper()} TENTANG {about}.",
        *dictum([
            "Membentuk Tim Penyusun Standar Operasional Prosedur Administrasi Pemerintahan di "
            f"lingkungan {unit_name}"
            + (f" dengan model {model}" if model else "")
            + ", dengan susunan keanggotaan sebagaimana tercantum dalam Lampiran yang merupakan "
            "bagian tidak terpisahkan dari Keputusan ini.",
            duties,
            f"Dalam melaksanakan tugasnya, Tim bertanggung jawab kepada {author}.",
            "Biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada anggaran "
            f"{unit_name}.",
            "Keputusan ini mulai berlaku pada tanggal ditetapkan.",
        ]),
        signature(
            place=place_of(event.host_government),
            date=unit.sk_date,
            position=author.upper(),
        ),
        f"**LAMPIRAN KEPUTUSAN {author.upper()}**  \nNOMOR {inline(unit.sk_number) or BLANK}  \n"
        f"TANGGAL {inline(long_date(unit.sk_date))}",
        "**SUSUNAN KEANGGOTAAN TIM PENYUSUN SOP AP**",
        table(TEAM_HEADER, _team_rows(members)),
        *_notes(result),
    ]
    return join_blocks(blocks)
