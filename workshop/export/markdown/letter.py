"""The parts of an official letter form, shared by every document that is signed.

A Keputusan (the SK Tim, the penetapan SOP), a berita acara and a report are built from the
same parts, each a plain Markdown block that reads well in HTML and that a Word/PDF renderer
takes from the Markdown as it is:

- :func:`letterhead`: the kop lines (``docsettings.letterhead_lines``), bold, then a rule;
- :func:`considering`: *Menimbang* with lettered items (``a.``, ``b.``), each ending in ``;``;
- :func:`remembering`: *Mengingat* as a numbered list (``1.``, ``2.``);
- :func:`dictum`: the diktum words KESATU, KEDUA, ... each starting its own paragraph
  (never inside a numbered list: "1. KESATU:" is not how a decree is written);
- :func:`signature`: place and date in Indonesian long form (``datetext.long_date``), the
  signing official's position, name and NIP; :func:`signature_table`: several signers.

Where a person must write by hand (a missing date, name, NIP, place) the block prints
``datetext.BLANK``. Every value from data passes :mod:`workshop.export.mdutil`.
"""

from __future__ import annotations

from collections.abc import Sequence

from workshop.datetext import BLANK, long_date
from workshop.export.mdutil import cell, inline, one_line, table

# The diktum words, in order (a decree rarely has more than ten).
DICTUM_WORDS = (
    "KESATU",
    "KEDUA",
    "KETIGA",
    "KEEMPAT",
    "KELIMA",
    "KEENAM",
    "KETUJUH",
    "KEDELAPAN",
    "KESEMBILAN",
    "KESEPULUH",
)


def letterhead(lines: Sequence[str]) -> str:
    """The kop: each line bold on its own line, then a rule; ``BLANK`` when there is none."""
    shown = [inline(line) for line in lines if one_line(line)]
    if not shown:
        return f"{BLANK}\n\n---"
    return "  \n".join(f"**{line}**" for line in shown) + "\n\n---"


def place_of(host_government: str) -> str:
    """Where a regional document is signed: "Pemerintah Kabupaten Wonosobo" -> "Wonosobo"."""
    words = one_line(host_government).split()
    drop = {"pemerintah", "kabupaten", "kota", "provinsi", "daerah"}
    while words and words[0].casefold() in drop:
        words = words[1:]
    return " ".join(words)


def considering(items: Sequence[str]) -> str:
    """Menimbang: ``a. bahwa ...;`` one item a line (the items are our own sentences)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    lines = [f"{letters[i]}. {text.rstrip(';.')};" for i, text in enumerate(items)]
    return "**Menimbang** :  \n" + "  \n".join(lines)


def remembering(items: Sequence[str]) -> str:
    """Mengingat: a numbered list, each item ending in ``;`` (items are escaped here)."""
    values = [inline(item).rstrip(";.") for item in items if one_line(item)]
    if not values:
        return f"**Mengingat** :\n\n1. {BLANK};"
    body = "\n".join(f"{i}. {value};" for i, value in enumerate(values, start=1))
    return "**Mengingat** :\n\n" + body


def dictum(items: Sequence[str]) -> list[str]:
    """The diktum paragraphs: ``**KESATU** : ...`` (the texts are already escaped)."""
    return [f"**{DICTUM_WORDS[i]}** : {text}" for i, text in enumerate(items)]


def signature(
    *,
    place: str,
    date: str | None,
    position: str,
    name: str = "",
    nip: str | None = "",
    verb: str = "Ditetapkan",
) -> str:
    """Place and date, the signing official's position, a space to sign, name and NIP.

    ``position`` is already escaped; ``nip=None`` leaves the NIP line out (a form without
    one). Missing parts print ``BLANK``.
    """
    lines = [
        f"{verb} di {inline(place) or BLANK}  \npada tanggal {inline(long_date(date))}",
        f"{position or BLANK},",
        "(tanda tangan dan cap)",
        f"**{inline(name) or BLANK}**" + ("" if nip is None else f"  \nNIP {inline(nip) or BLANK}"),
    ]
    return "\n\n".join(lines)


def signature_table(signers: Sequence[tuple[str, str, str]]) -> str:
    """A table of signers: ``(role, name, position or unit)``, one signing line each."""
    rows = [
        [str(i), cell(role, empty=BLANK), cell(name, empty=BLANK), cell(where, empty=BLANK),
         f"{i}. {BLANK}"]
        for i, (role, name, where) in enumerate(signers, start=1)
    ]
    return table(("No", "Kedudukan", "Nama", "Jabatan/Unit", "Tanda Tangan"), rows)
