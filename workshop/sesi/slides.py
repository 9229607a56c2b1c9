"""Briefing slides (sosialisasi) built from the guideline and our own text.

Each slide is a title and plain text lines (never markup). Facts come from ``Pedoman`` (the
principles, the five stages, the five symbols, the book parts); the explanations around them
are ours. The five symbols are drawn with box characters; a worked example is taken from an SOP
template (identity, steps, and its flowchart laid out by ``workshop.flowchart``). No UI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from workshop.fields import IDENTITY_LISTS
from workshop.flowchart import layout_flowchart
from workshop.model import Sop
from workshop.pedoman import Pedoman

EXAMPLE_TEMPLATE: Final = "permintaan-atk"


@dataclass(frozen=True)
class Slide:
    title: str
    lines: tuple[str, ...]
    note: str = ""  # a line for the facilitator, shown small under the slide


# The five symbols, drawn in terminal cells; keyed by the symbol ids of pedoman.yaml.
SYMBOL_DRAWINGS: Final[dict[str, tuple[str, ...]]] = {
    "kapsul": (
        "╭────────────╮",
        "(   Mulai    )",
        "╰────────────╯",
    ),
    "kotak": (
        "┌────────────┐",
        "│  Kegiatan  │",
        "└────────────┘",
    ),
    "belah_ketupat": (
        "     ╱╲     ",
        "   ╱    ╲   ",
        " ╱ Sudah? ╲ ",
        " ╲        ╱ ",
        "   ╲    ╱   ",
        "     ╲╱     ",
    ),
    "anak_panah": (
        "     │      ",
        "     │      ",
        "     ▼      ",
        "  ───────▶  ",
    ),
    "segilima": (
        "┌──────┐",
        "│  A   │",
        "╲      ╱",
        "  ╲  ╱  ",
        "   ╲╱   ",
    ),
}


def symbol_drawing(symbol_id: str) -> tuple[str, ...]:
    """The box-character drawing of a symbol (empty for an unknown id)."""
    return SYMBOL_DRAWINGS.get(symbol_id, ())


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    words = text.split()
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if len(candidate) > width and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return [lines[0], *(indent + rest for rest in lines[1:])] if lines else []


def _item(marker: str, text: str, width: int = 72) -> list[str]:
    pad = " " * len(marker)
    return [marker + line if i == 0 else line
            for i, line in enumerate(_wrap(text, width - len(marker), pad))]


def _boxed(rows: Sequence[tuple[str, str]], width: int = 34) -> list[str]:
    """Two columns of boxes (the identity part's three rows)."""
    rule = "─" * width
    out = [f"┌{rule}┬{rule}┐"]
    for i, (left, right) in enumerate(rows):
        out.append(f"│ {left:<{width - 1}}│ {right:<{width - 1}}│")
        out.append(f"├{rule}┼{rule}┤" if i < len(rows) - 1 else f"└{rule}┴{rule}┘")
    return out


def _side_by_side(blocks: Sequence[Sequence[str]], gap: int = 3) -> list[str]:
    height = max((len(b) for b in blocks), default=0)
    widths = [max((len(line) for line in b), default=0) for b in blocks]
    rows = []
    for r in range(height):
        parts = [(b[r] if r < len(b) else "").ljust(w) for b, w in zip(blocks, widths,
                                                                           strict=True)]
        rows.append((" " * gap).join(parts).rstrip())
    return rows


def _symbols_slide(pedoman: Pedoman) -> Slide:
    lines: list[str] = []
    symbols = list(pedoman.symbols)
    for start, row in ((0, symbols[:3]), (3, symbols[3:])):
        if not row:
            continue
        shapes = [list(symbol_drawing(s.id) or ("(gambar)",)) for s in row]
        tallest = max(len(shape) for shape in shapes)
        drawings = [[*shape, *[""] * (tallest - len(shape) + 1),
                     f"{start + n}. {s.name.split(' (')[0]}"]
                    for n, (s, shape) in enumerate(zip(row, shapes, strict=True), start=1)]
        lines += _side_by_side(drawings, gap=6)
        lines.append("")
    for number, symbol in enumerate(symbols, start=1):
        lines += _item(f"{number}. ", f"{symbol.name}: {symbol.meaning}")
    return Slide(
        "Lima simbol diagram alir",
        tuple(lines),
        "Simbol setiap langkah digambar di kolom pelaksana yang mengerjakannya.",
    )


def _example_slides(sop: Sop) -> list[Slide]:
    steps: list[str] = []
    for number, step in enumerate(sop.steps, start=1):
        detail = " · ".join(x for x in (step.actor, step.time, step.output) if x)
        steps += _item(f"{number:>2}. ", step.activity)
        if detail:
            steps.append(f"    {detail}")
    identity = [f"Nama SOP   : {sop.title}"]
    if sop.actors:
        identity.append(f"Pelaksana  : {', '.join(sop.actors)}")
    for key, label in IDENTITY_LISTS:
        values: list[str] = getattr(sop, key)
        if values:
            identity += _item(f"{label}: ", values[0] + (f" (+{len(values) - 1} lagi)"
                                                         if len(values) > 1 else ""))
    drawing = layout_flowchart(sop, column_width=22).lines
    return [
        Slide(f"Contoh: {sop.title}", (*identity, "", *steps),
              "Contoh dari templat SOP umum; setiap OPD menyesuaikan pelaksana dan waktunya."),
        Slide(f"Contoh diagram alir: {sop.title}", tuple(line.rstrip() for line in drawing),
              "Dibaca dari atas ke bawah; keputusan bercabang Ya/Tidak."),
    ]


def briefing_slides(pedoman: Pedoman, example: Sop | None = None) -> list[Slide]:
    """The slides of the briefing, in order; ``example`` adds the worked example at the end."""
    stages: list[str] = []
    for number, stage in enumerate(pedoman.stages, start=1):
        stages += _item(f"{number}. ", f"{stage.name} — {stage.description}")
        if stage.substeps:
            stages += _item("   ", "Langkah: " + "; ".join(s.name for s in stage.substeps) + ".")
        stages.append("")
    principles: list[str] = []
    for number, principle in enumerate(pedoman.principles, start=1):
        principles += _item(f"{number}. ", f"{principle.name.capitalize()}: {principle.meaning}")
    implementation = []
    for principle in pedoman.implementation_principles:
        implementation += _item("• ", f"{principle.name.capitalize()}: {principle.meaning}")
    book = []
    for number, part in enumerate(pedoman.book_parts, start=1):
        book += _item(f"{number}. ", f"{part.name}: {part.description}")
    identity_rows = [
        (IDENTITY_LISTS[0][1], IDENTITY_LISTS[1][1]),
        (IDENTITY_LISTS[2][1], IDENTITY_LISTS[3][1]),
        (IDENTITY_LISTS[4][1], IDENTITY_LISTS[5][1]),
    ]
    header = [
        f"┌{'─' * 14}┬{'─' * 55}┐",
        f"│ {'LOGO / UNIT':<13}│ {'Nomor SOP · Tanggal Pembuatan · Tanggal Revisi':<54}│",
        f"│ {'':<13}│ {'Tanggal Efektif · Disahkan oleh · Nama SOP':<54}│",
        f"└{'─' * 14}┴{'─' * 55}┘",
    ]
    flow_header = [
        "┌────┬──────────┬─────────────────────┬────────────────────────────┬────────┐",
        "│    │          │      Pelaksana      │         Mutu Baku          │        │",
        "│ No │ Kegiatan ├──────────┬──────────┼─────────────┬───────┬──────┤ Ket.   │",
        "│    │          │ Jabatan 1│ Jabatan 2│ Kelengkapan │ Waktu │Output│        │",
        "└────┴──────────┴──────────┴──────────┴─────────────┴───────┴──────┴────────┘",
    ]
    slides = [
        Slide(
            "Sosialisasi Pedoman Penyusunan SOP AP",
            (
                *_item("", pedoman.regulation),
                "",
                "Hari ini: mengapa SOP AP, delapan prinsip, lima tahap, format dokumen,",
                "lima simbol diagram alir, dan satu contoh yang kita telusuri bersama.",
            ),
            "Tombol panah kiri/kanan untuk berpindah salindia; Esc untuk kembali.",
        ),
        Slide(
            "Untuk apa SOP AP?",
            (
                *_item("• ", "Menuliskan cara kerja yang sudah disepakati: siapa mengerjakan "
                       "apa, dengan kelengkapan apa, berapa lama, dan menghasilkan apa."),
                *_item("• ", "Setiap output unit membutuhkan SOP — bukan hanya layanan "
                       "langsung kepada masyarakat, tetapi juga pekerjaan internal."),
                *_item("• ", "Mencegah tumpang tindih tugas antarunit dan kekeliruan "
                       "administrasi; pegawai baru dapat langsung bekerja."),
                *_item("• ", "Menjadi dasar penilaian kinerja dan perbaikan yang terus-menerus."),
            ),
        ),
        Slide(f"{_count_word(len(pedoman.principles))} prinsip penyusunan", tuple(principles),
              "Setiap temuan pemeriksaan di aplikasi menyebut prinsip yang dilanggarnya."),
        Slide("Prinsip pelaksanaan", tuple(implementation)),
        Slide(f"{_count_word(len(pedoman.stages))} tahap penyusunan", tuple(stages),
              "Tahap-tahap ini juga panel kiri aplikasi."),
        Slide(
            "Format dokumen: bagian identitas",
            (
                *header,
                *_boxed(identity_rows),
                "",
                *_item("", "Kepala berisi unit di kiri dan data SOP di kanan; di bawahnya tiga "
                       "baris dua kotak."),
            ),
        ),
        Slide(
            "Format dokumen: bagian diagram alir",
            (
                *flow_header,
                "",
                *_item("• ", "Satu kolom untuk setiap pelaksana (jabatan, bukan nama orang)."),
                *_item("• ", "Kegiatan ditulis aktif: kata kerja tanpa subjek, misalnya "
                       "\"Menerima surat masuk\"."),
                *_item("• ", "Setiap kegiatan punya mutu baku: kelengkapan, waktu, output."),
                *_item("• ", "Diagram alir selalu bercabang dan digambar tegak, "
                       "meski prosedurnya pendek."),
            ),
        ),
        Slide("Susunan buku SOP unit", tuple(book)),
        _symbols_slide(pedoman),
    ]
    if example is not None and example.steps:
        slides += _example_slides(example)
    return slides


def _count_word(n: int) -> str:
    words = {3: "Tiga", 4: "Empat", 5: "Lima", 6: "Enam", 7: "Tujuh", 8: "Delapan"}
    return words.get(n, str(n))


def example_sop(name: str = EXAMPLE_TEMPLATE) -> Sop | None:
    """The worked example: the shipped SOP template ``name``, or None when it cannot be read."""
    from workshop import resources
    from workshop.sopfile import SopFileError, load_sop

    try:
        return load_sop(resources.sop_templates_dir() / f"{name}.yaml")
    except (SopFileError, OSError):
        return None
