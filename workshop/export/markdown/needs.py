"""Penilaian kebutuhan: Tabel 6 of one unit and the inventory of all units (with votes).

Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from workshop.export import mdutil
from workshop.export.mdutil import (
    EMPTY,
    cell,
    fixed_heading,
    inline,
    join_blocks,
    table,
)
from workshop.model import (
    NeedRow,
    Unit,
    Vote,
)

NEEDS_HEADER = (
    "No",
    "Tugas",
    "Fungsi",
    "Uraian Tugas",
    "Kegiatan",
    "Output",
    "Aspek Kegiatan",
    "Judul SOP",
)

def _needs_table(rows: Sequence[NeedRow]) -> str:
    body = [
        [
            str(i),
            cell(r.tugas),
            cell(r.fungsi),
            cell(r.uraian_tugas),
            cell(r.kegiatan),
            cell(r.output),
            cell(r.aspek),
            cell(r.title),
        ]
        for i, r in enumerate(rows, start=1)
    ]
    return table(NEEDS_HEADER, body)


def needs_markdown(unit: Unit, rows: Sequence[NeedRow], *, heading_level: int = 1) -> str:
    """Tabel 6, Formulir Identifikasi SOP AP Berdasarkan Tugas dan Fungsi, for one unit."""
    level = max(1, min(heading_level, 6))
    blocks = [
        fixed_heading(level, "Formulir Identifikasi SOP AP Berdasarkan Tugas dan Fungsi"),
        f"Unit: {inline(unit.name) or EMPTY}",
        _needs_table(rows) if rows else "Belum ada baris kebutuhan.",
    ]
    return join_blocks(blocks)


def inventory_markdown(
    units_rows: Sequence[tuple[Unit, Sequence[NeedRow]]], votes: Sequence[Vote] = ()
) -> str:
    """The needs inventory of all units: totals, every proposed title with its votes, Tabel 6s.

    ``votes`` are summed per unit and need id (need ids are unique only inside a unit); titles
    are listed most votes first.
    """
    tally: dict[tuple[str, str], int] = defaultdict(int)
    for v in votes:
        tally[(v.unit, v.need)] += v.count
    summary = [
        [
            str(i),
            cell(u.name, empty=EMPTY),
            str(len(rows)),
            str(sum(1 for r in rows if r.sop_id)),
        ]
        for i, (u, rows) in enumerate(units_rows, start=1)
    ]
    titled = [(u, r) for u, rows in units_rows for r in rows if mdutil.one_line(r.title)]
    # Most votes first, then the facilitator's score (urgensi + frekuensi + risiko), as the
    # ranking in the app (needs.rank_needs).
    titled.sort(
        key=lambda ur: (
            -tally.get((ur[0].slug, ur[1].id), 0),
            -(ur[1].urgency + ur[1].frequency + ur[1].risk),
            mdutil.one_line(ur[1].title).lower(),
        )
    )
    title_rows = [
        [
            str(i),
            cell(r.title),
            cell(u.name, empty=EMPTY),
            cell(r.aspek),
            cell(r.activity),
            str(tally.get((u.slug, r.id), 0)),
            str(r.urgency + r.frequency + r.risk),
        ]
        for i, (u, r) in enumerate(titled, start=1)
    ]
    groups: dict[str, list[str]] = defaultdict(list)
    for u, r in titled:
        name = mdutil.one_line(u.name)
        key = mdutil.one_line(r.title).lower()
        if name not in groups[key]:
            groups[key].append(name)
    shared = [(k, names) for k, names in sorted(groups.items()) if len(names) > 1]

    blocks = [
        "# Inventaris Kebutuhan SOP AP",
        "## Rekapitulasi per Unit",
        table(("No", "Unit", "Jumlah Kebutuhan", "Sudah Menjadi Draf"), summary)
        if summary
        else "Belum ada unit.",
        "## Daftar Judul SOP",
        table(
            ("No", "Judul SOP", "Unit", "Aspek Kegiatan", "Jenis Kegiatan", "Suara", "Skor"),
            title_rows,
        )
        if title_rows
        else "Belum ada judul SOP.",
    ]
    if shared:
        blocks.append("## Judul yang Sama di Beberapa Unit")
        blocks.append(
            "Judul berikut diusulkan oleh lebih dari satu unit; pertimbangkan SOP generik "
            "atau periksa tumpang tindih tugas."
        )
        blocks.append(
            "\n".join(
                f"- {inline(key)}: {', '.join(inline(n) for n in names)}" for key, names in shared
            )
        )
    for u, rows in units_rows:
        blocks.append(needs_markdown(u, rows, heading_level=2))
    return join_blocks(blocks)
