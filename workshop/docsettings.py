"""The settings of the official documents of a workshop, declared once.

What a Biro/Bagian Organisasi needs on a signed SOP besides the SOP itself: the government
line(s) of the *kop* (``PEMERINTAH KABUPATEN WONOSOBO``), the logo (an image file inside the
workshop folder), the paper (A4 or F4/folio, always landscape for an SOP) and the address
printed on the book cover. The store keeps them with the workshop and bundles carry them;
every renderer (Markdown, HTML, Word, PDF) reads them from :class:`DocumentSettings`.

:data:`PAPERS` is the one list of paper sizes: the CLI's choices, the TUI's options, the
HTML ``@page`` rule and the Word/PDF page sizes derive from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from workshop.model import Event, Unit

__all__ = [
    "DEFAULT_PAPER",
    "PAPERS",
    "DocumentSettings",
    "Paper",
    "find_paper",
    "letterhead_lines",
    "paper_or_default",
]


@dataclass(frozen=True)
class Paper:
    """A paper size, portrait dimensions in millimetres (SOPs print it landscape)."""

    key: str  # stored and typed (``--kertas a4``)
    label: str  # what a person reads
    width_mm: float
    height_mm: float

    @property
    def landscape(self) -> tuple[float, float]:
        """(width, height) in mm of the landscape page."""
        return (max(self.width_mm, self.height_mm), min(self.width_mm, self.height_mm))


PAPERS: Final[tuple[Paper, ...]] = (
    Paper("a4", "A4 (210 × 297 mm)", 210.0, 297.0),
    Paper("f4", "F4/folio (215 × 330 mm)", 215.0, 330.0),
)
DEFAULT_PAPER: Final = PAPERS[0]


def find_paper(key: str) -> Paper | None:
    """The paper called ``key`` (case-insensitive), or None for an unknown size."""
    wanted = key.strip().lower()
    return next((p for p in PAPERS if p.key == wanted), None)


def paper_or_default(key: str) -> Paper:
    """The paper called ``key``; A4 for an empty or unknown key (a document still comes out)."""
    return find_paper(key) or DEFAULT_PAPER


@dataclass(frozen=True)
class DocumentSettings:
    """The document settings of one workshop (all optional: defaults come from the event)."""

    government: tuple[str, ...] = ()  # e.g. ("PEMERINTAH KABUPATEN WONOSOBO",)
    logo: str = ""  # file name of the validated logo inside the workshop folder ("" = none)
    paper: str = DEFAULT_PAPER.key  # a key of PAPERS
    address: str = ""  # printed on the book cover
    # Per unit (slug → lines under the government line, e.g. ("DINAS PENDIDIKAN",
    # "BIDANG PEMBINAAN SD")); a unit without lines gets its name in capitals.
    unit_lines: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def paper_size(self) -> Paper:
        return paper_or_default(self.paper)


def letterhead_lines(
    settings: DocumentSettings, event: Event, unit: Unit | None
) -> tuple[str, ...]:
    """The organisation lines of a kop or letterhead, top to bottom.

    The government line(s) from the settings, else the event's host government in capitals;
    then the unit's own lines from the settings, else the unit's name in capitals. Empty lines
    are left out; the result may be empty (a renderer then prints :data:`datetext.BLANK`).
    """
    government = settings.government or (
        (event.host_government.strip().upper(),) if event.host_government.strip() else ()
    )
    lines = [g.strip() for g in government if g.strip()]
    if unit is not None:
        own = settings.unit_lines.get(unit.slug) or (
            (unit.name.strip().upper(),) if unit.name.strip() else ()
        )
        lines.extend(line.strip() for line in own if line.strip())
    return tuple(lines)
