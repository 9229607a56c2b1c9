"""The workshop report: progress of every unit through the five stages.

Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

from collections.abc import Sequence

from workshop.export.mdutil import (
    EMPTY,
    cell,
    inline,
    join_blocks,
    table,
)
from workshop.export.progress import UnitReport
from workshop.model import (
    Event,
)


def _bar(percent: int) -> str:
    p = max(0, min(100, percent))
    filled = round(p / 20)
    return "■" * filled + "□" * (5 - filled) + f" {p}%"


def report_markdown(
    event: Event,
    summaries: Sequence[UnitReport],
    stages: Sequence[tuple[str, str]],
) -> str:
    """The workshop report: one row per unit, one column per stage (``(id, name)`` pairs)."""
    header = ["No", "Unit", *(inline(name) for _, name in stages), "Kebutuhan", "SOP", "Disahkan"]
    rows = [
        [
            str(i),
            cell(s.unit.name, empty=EMPTY),
            *(_bar(s.stages.get(stage_id, 0)) for stage_id, _ in stages),
            str(s.needs),
            str(s.sops),
            str(s.approved),
        ]
        for i, s in enumerate(summaries, start=1)
    ]
    total_sops = sum(s.sops for s in summaries)
    total_approved = sum(s.approved for s in summaries)
    period = " s.d. ".join(inline(d) for d in (event.start_date, event.end_date) if d)
    blocks = [
        "# Laporan Pendampingan Penyusunan SOP AP",
        f"**{inline(event.title) or 'Pendampingan SOP AP'}**",
        "  \n".join(
            line
            for line in (
                f"Penyelenggara: {inline(event.organiser)}" if event.organiser else "",
                f"Pemerintah daerah: {inline(event.host_government)}"
                if event.host_government
                else "",
                f"Tempat: {inline(event.venue)}" if event.venue else "",
                f"Waktu: {period}" if period else "",
            )
            if line
        ),
        "## Ringkasan",
        f"{len(summaries)} unit mengikuti pendampingan; {total_sops} SOP disusun, "
        f"{total_approved} di antaranya telah disahkan.",
        "## Kemajuan per Unit",
        table(header, rows) if rows else "Belum ada unit.",
        "Persentase menunjukkan kemajuan unit pada setiap tahap (■ = 20%).",
    ]
    return join_blocks(blocks)
