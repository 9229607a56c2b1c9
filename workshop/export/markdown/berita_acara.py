"""The berita acara of a session: who came, what was agreed, what each unit produced, and a
signature line for the facilitators and for each attending unit's representative.

A unit is represented by its attending team leader (ketua), else its first attending member;
a unit marked present without a named member, and every unit of a session without attendance
(a planned session: the form printed for the day), gets ``datetext.BLANK`` where the name is
to be written. The notulen (:mod:`.minutes`) is the fuller record of the same session.

Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workshop.datetext import BLANK, long_date
from workshop.export import mdutil
from workshop.export.markdown.letter import letterhead, place_of, signature_table
from workshop.export.mdutil import EMPTY, cell, cell_list, inline, join_blocks, or_dash, table
from workshop.model import Event, Member, Session, Unit

FACILITATOR = "Fasilitator"
REPRESENTATIVE = "Wakil Unit"
SIGNATURE_HEADING = "Tanda Tangan"


def present_units(session: Session, members: Sequence[Member]) -> list[str]:
    """The slugs of the units that attended, in the order recorded (members' units after)."""
    present = list(session.attended_units)
    for m in members:
        if m.id in session.attended_members and m.unit not in present:
            present.append(m.unit)
    return present


def representative(slug: str, session: Session, members: Sequence[Member]) -> Member | None:
    came = [m for m in members if m.unit == slug and m.id in session.attended_members]
    return next((m for m in came if m.role == "ketua"), came[0] if came else None)


def berita_acara_markdown(
    event: Event,
    session: Session,
    units: Sequence[Unit],
    members: Sequence[Member],
    results: Mapping[str, Sequence[str]],
    *,
    letterhead_lines: Sequence[str] = (),
) -> str:
    """Berita acara pendampingan of one session (``results``: unit slug -> what it produced)."""
    names = {u.slug: mdutil.one_line(u.name) for u in units}
    present = present_units(session, members)
    day = inline(long_date(session.date))
    place = inline(event.venue) or BLANK
    opening = (
        f"Pada tanggal {day}, bertempat di {place}, telah dilaksanakan "
        f"{inline(session.title) or 'sesi pendampingan'} dalam rangka "
        f"{inline(event.title) or 'pendampingan penyusunan SOP AP'}"
        + (f" yang diselenggarakan oleh {inline(event.organiser)}" if event.organiser else "")
        + ", dengan hasil sebagai berikut."
    )
    counts = [
        [
            str(i),
            cell(names.get(slug, slug), empty=EMPTY),
            str(sum(1 for m in members if m.unit == slug and m.id in session.attended_members)),
        ]
        for i, slug in enumerate(present, start=1)
    ]
    shown = [*present, *(s for s in results if s not in present)]
    per_unit = [
        [str(i), cell(names.get(slug, slug), empty=EMPTY),
         cell_list(results.get(slug, ()), numbered=False) or EMPTY]
        for i, slug in enumerate(shown, start=1)
    ]
    actions = [
        [str(i), cell(a.what, empty=EMPTY), cell(names.get(a.unit, a.unit), empty="semua"),
         or_dash(long_date(a.due, blank="")), "selesai" if a.done else "belum"]
        for i, a in enumerate(session.actions, start=1)
    ]
    facilitators = [f for f in event.facilitators if mdutil.one_line(f)] or [""]
    signers = [(FACILITATOR, f, event.organiser) for f in facilitators]
    signing_units = present or [u.slug for u in units]
    for slug in signing_units:
        rep = representative(slug, session, members)
        where = names.get(slug, slug)
        if rep is not None and mdutil.one_line(rep.position):
            where = f"{mdutil.one_line(rep.position)}, {where}"
        signers.append((REPRESENTATIVE, rep.name if rep else "", where))
    blocks = [
        letterhead(letterhead_lines),
        "# Berita Acara Pendampingan Penyusunan SOP AP",
        f"**{inline(session.title) or 'Sesi'}**  \nNomor: {BLANK}",
        opening,
        "## Kehadiran",
        table(("No", "Unit", "Jumlah Peserta Hadir"), counts)
        if counts
        else f"Daftar hadir sesi ini belum diisi. Tuliskan unit yang hadir: {BLANK}",
    ]
    if session.guests:
        blocks.append("Undangan lain: " + "; ".join(inline(g) for g in session.guests) + ".")
    blocks += [
        "## Hasil per Unit",
        table(("No", "Unit", "Hasil Sesi"), per_unit)
        if per_unit
        else f"Belum ada hasil yang tercatat untuk sesi ini: {BLANK}",
        "## Kesepakatan",
        mdutil.numbered(session.decisions) or f"Tidak ada kesepakatan yang dicatat: {BLANK}",
        "## Tindak Lanjut",
        table(("No", "Tindakan", "Unit", "Tenggat", "Status"), actions)
        if actions
        else "Tidak ada tindak lanjut yang dicatat.",
        "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana "
        "mestinya.",
        f"{inline(place_of(event.host_government)) or BLANK}, {day}",
        f"## {SIGNATURE_HEADING}",
        signature_table(signers),
    ]
    return join_blocks(blocks)
