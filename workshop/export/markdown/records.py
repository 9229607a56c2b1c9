"""The results a unit records in the app that a filing needs on paper.

- :func:`existing_decisions_markdown`: the decisions on the unit's existing SOPs (tetap, revisi,
  ganti, cabut) with their reasons and what followed (the Tabel 6 row and SOP made from it);
- :func:`review_markdown`: the review comments and trial notes of each SOP (pengujian dan
  reviu);
- :func:`implementation_markdown`: the penerapan records (sosialisasi, pelatihan, distribusi)
  and the SOPs in force that have none yet.

Each starts with the unit's letterhead and ends with the signature of who answers for it.
Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workshop.datetext import BLANK, long_date
from workshop.export import mdutil
from workshop.export.markdown.letter import letterhead, place_of, signature
from workshop.export.markdown.unitcommon import book_records, decree_author
from workshop.export.mdutil import cell, fixed_heading, inline, join_blocks, or_dash, table
from workshop.fields import sop_field
from workshop.model import Event, ExistingSop, Member, NeedRow, SopRecord, Unit
from workshop.status import is_in_force

IMPLEMENTATION_KINDS = {
    "sosialisasi": "Sosialisasi",
    "pelatihan": "Pelatihan",
    "distribusi": "Distribusi",
}
DEFAULT_FOLLOW_UP = {
    "tetap": "Tetap berlaku; dimasukkan dalam keputusan penetapan",
    "revisi": "Direvisi oleh Tim Penyusun",
    "ganti": "Diganti dengan SOP baru",
    "cabut": "Diusulkan dicabut dalam keputusan penetapan",
}


def _head(unit: Unit, title: str, lines: Sequence[str]) -> list[str]:
    return [letterhead(lines), fixed_heading(1, title), f"Unit: {inline(unit.name) or BLANK}"]


def _leader(members: Sequence[Member]) -> Member | None:
    return next((m for m in members if m.role == "ketua"), None)


def _team_signature(unit: Unit, event: Event, members: Sequence[Member]) -> str:
    lead = _leader(members)
    return signature(
        verb="Dibuat",
        place=place_of(event.host_government),
        date=None,
        position=f"Ketua Tim Penyusun SOP AP {inline(unit.name) or BLANK}",
        name=lead.name if lead else "",
        nip=lead.nip if lead else "",
    )


def _head_signature(unit: Unit, event: Event, *, verb: str = "Disahkan") -> str:
    return signature(
        verb=verb,
        place=place_of(event.host_government),
        date=None,
        position=decree_author(unit, event),
    )


def existing_decisions_markdown(
    unit: Unit,
    existing: Sequence[ExistingSop],
    needs: Sequence[NeedRow],
    records: Sequence[SopRecord],
    event: Event,
    *,
    members: Sequence[Member] = (),
    decision_names: Mapping[str, str] | None = None,
    letterhead_lines: Sequence[str] = (),
) -> str:
    """Keputusan atas SOP yang telah ada: one row per existing SOP, then the counts."""
    names = decision_names or {}
    by_id = {r.id: r for r in records}
    follow: dict[str, list[str]] = {}
    for row in needs:
        if row.source.startswith("existing:"):
            made = by_id.get(row.sop_id)
            text = f"Disusun ulang: {mdutil.one_line(row.title) or 'SOP tanpa judul'}"
            if made is not None:
                text += f" ({made.status})"
            follow.setdefault(row.source.split(":", 1)[1], []).append(text)
    rows = [
        [
            str(i),
            cell(e.title, empty=BLANK),
            cell(names.get(e.decision, e.decision), empty=BLANK),
            cell(e.reason, empty=BLANK),
            cell("; ".join(follow.get(e.id, [])) or DEFAULT_FOLLOW_UP.get(e.decision, ""),
                 empty=BLANK),
        ]
        for i, e in enumerate(existing, start=1)
    ]
    counts = [
        f"{inline(name)}: {sum(1 for e in existing if e.decision == key)}"
        for key, name in (names or {k: k for k in DEFAULT_FOLLOW_UP}).items()
    ]
    blocks = [
        *_head(unit, "Keputusan atas SOP yang Telah Ada", letterhead_lines),
        f"Tim Penyusun SOP AP {inline(unit.name) or BLANK} telah meninjau SOP yang sudah dimiliki "
        "unit ini pada tahap Penilaian Kebutuhan dan memutuskan sebagai berikut.",
        table(("No", "SOP yang Telah Ada", "Keputusan", "Alasan", "Tindak Lanjut"), rows)
        if rows
        else f"Belum ada SOP lama yang dicatat. Bila unit memiliki SOP lama, tuliskan: {BLANK}",
    ]
    if existing:
        blocks.append("Jumlah: " + "; ".join(counts) + ".")
    blocks += [_team_signature(unit, event, members), "Mengetahui,", _head_signature(unit, event)]
    return join_blocks(blocks)


def _comment_place(record: SopRecord, step: int | None, field: str | None) -> str:
    if step is not None:
        steps = record.sop.steps
        if 1 <= step <= len(steps):
            return f"Langkah {step}: {mdutil.one_line(steps[step - 1].activity)}"
        return f"Langkah {step}"
    if field:
        try:
            return sop_field(field.split(".", 1)[0]).label
        except KeyError:
            return field
    return "Umum"


def review_markdown(
    unit: Unit,
    records: Sequence[SopRecord],
    event: Event,
    *,
    members: Sequence[Member] = (),
    letterhead_lines: Sequence[str] = (),
) -> str:
    """Hasil pengujian dan reviu: a summary per SOP, then each SOP's comments and trial notes."""
    sops = book_records(records)
    summary = [
        [
            str(i),
            cell(r.sop.title, empty=BLANK),
            or_dash(r.status),
            str(len(r.reviews)),
            str(sum(1 for c in r.reviews if not c.resolved)),
            str(len(r.trials)),
        ]
        for i, r in enumerate(sops, start=1)
    ]
    blocks = [
        *_head(unit, "Hasil Pengujian dan Reviu SOP AP", letterhead_lines),
        "## Rekapitulasi",
        table(("No", "Nama SOP", "Status", "Komentar Reviu", "Belum Selesai", "Uji Coba"),
              summary)
        if summary
        else "Belum ada SOP.",
    ]
    quiet = []
    for i, r in enumerate(sops, start=1):
        if not r.reviews and not r.trials:
            quiet.append(r.sop.title or "SOP tanpa judul")
            continue
        blocks.append(fixed_heading(2, f"{i}. " + (inline(r.sop.title) or "SOP tanpa judul")))
        if r.reviews:
            blocks += [
                "### Komentar Reviu",
                table(
                    ("No", "Bagian", "Komentar", "Oleh", "Tanggal", "Status"),
                    [
                        [
                            str(n),
                            cell(_comment_place(r, c.step, c.field)),
                            cell(c.text, empty=BLANK),
                            cell(c.author, empty=BLANK),
                            cell(long_date(c.at)),
                            "selesai" if c.resolved else "belum",
                        ]
                        for n, c in enumerate(r.reviews, start=1)
                    ],
                ),
            ]
        if r.trials:
            blocks += [
                "### Catatan Uji Coba",
                table(
                    ("No", "Tanggal", "Oleh", "Catatan"),
                    [
                        [str(n), cell(long_date(t.date)), cell(t.who, empty=BLANK),
                         cell(t.text, empty=BLANK)]
                        for n, t in enumerate(r.trials, start=1)
                    ],
                ),
            ]
    if quiet:
        blocks += [
            "## SOP tanpa Komentar dan Uji Coba",
            "SOP berikut belum direviu dan belum diuji coba di aplikasi:",
            mdutil.bullets(quiet),
        ]
    blocks.append(_team_signature(unit, event, members))
    return join_blocks(blocks)


def implementation_markdown(
    unit: Unit,
    records: Sequence[SopRecord],
    event: Event,
    *,
    letterhead_lines: Sequence[str] = (),
) -> str:
    """Laporan penerapan: the activities per SOP by date, the counts, the SOPs not yet applied."""
    sops = book_records(records)
    activities = sorted(
        ((rec, r) for r in sops for rec in r.implementation),
        key=lambda pair: pair[0].date or "",
    )
    rows = [
        [
            str(i),
            cell(long_date(rec.date)),
            cell(r.sop.title, empty=BLANK),
            cell(IMPLEMENTATION_KINDS.get(rec.kind, rec.kind), empty=BLANK),
            cell(rec.audience, empty=BLANK),
            cell(rec.method, empty=BLANK),
            str(rec.reached) if rec.reached else BLANK,
        ]
        for i, (rec, r) in enumerate(activities, start=1)
    ]
    applied = [r for r in sops if is_in_force(r.status) or r.implementation]
    summary = [
        [
            str(i),
            cell(r.sop.number, empty=BLANK),
            cell(r.sop.title, empty=BLANK),
            or_dash(r.status),
            *(str(sum(1 for rec in r.implementation if rec.kind == kind))
              for kind in IMPLEMENTATION_KINDS),
        ]
        for i, r in enumerate(applied, start=1)
    ]
    waiting = [r.sop.title or "SOP tanpa judul" for r in sops
               if is_in_force(r.status) and not r.implementation]
    blocks = [
        *_head(unit, "Laporan Penerapan SOP AP", letterhead_lines),
        "## Rekapitulasi",
        table(("No", "Nomor SOP", "Nama SOP", "Status", *IMPLEMENTATION_KINDS.values()), summary)
        if summary
        else "Belum ada SOP yang disahkan; penerapan dimulai setelah SOP ditetapkan.",
        "## Kegiatan Penerapan",
        table(("No", "Tanggal", "Nama SOP", "Kegiatan", "Sasaran", "Metode", "Jumlah Peserta"),
              rows)
        if rows
        else "Belum ada kegiatan penerapan yang dicatat.",
    ]
    if waiting:
        blocks += [
            "## SOP Berlaku yang Belum Diterapkan",
            mdutil.bullets(waiting),
            "Rencanakan sosialisasi, pelatihan pelaksana dan distribusi dokumennya.",
        ]
    blocks.append(_head_signature(unit, event, verb="Dibuat"))
    return join_blocks(blocks)
