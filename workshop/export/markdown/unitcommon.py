"""What several documents of one unit share: who signs its decrees and which SOPs count.

Pure functions: model values in, text out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

from collections.abc import Sequence

from workshop.export import mdutil
from workshop.export.mdutil import inline
from workshop.model import Event, SopRecord, Unit
from workshop.status import is_retired


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
