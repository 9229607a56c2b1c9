"""The life cycle of an SOP in a workshop: its statuses and what each one means.

An SOP is drafted (``draf``), checked (``reviu``, ``uji coba``), approved (``disahkan``, only
through the approval), applied (``diterapkan``), sent back by monitoring or evaluation
(``perlu revisi``) and possibly retired (``dicabut``). The stored values are these strings;
:class:`SopStatus` is a ``str`` enum, so a member equals its string and either can be passed.

The questions the program asks of a status are named predicates here, each used everywhere
it is asked (never a set of strings spelled in a module of its own):

==================  ============================================  =============================
predicate           statuses                                      asked by
==================  ============================================  =============================
is_checking         reviu, uji coba                               drafting done; minutes
is_approved         disahkan, diterapkan                          progress board ("disahkan")
is_in_force         disahkan, diterapkan, perlu revisi            no DRAF watermark; report;
                                                                  penerapan and monev
is_implemented      diterapkan, perlu revisi                      monitoring and evaluation
is_read_only        disahkan, diterapkan, dicabut                 editing starts a new version
was_approved        disahkan, diterapkan, perlu revisi, dicabut   numbering (ever approved)
is_retired          dicabut                                       left out of counts and books
==================  ============================================  =============================

``is_approved`` and ``is_in_force`` differ on ``perlu revisi``: the approved text stays in force
(it is printed without the DRAF watermark and counts as approved in the report) while the board
no longer counts it as "SOP disahkan" until the revision is approved.
"""

from __future__ import annotations

import enum

__all__ = [
    "SopStatus",
    "is_approved",
    "is_checking",
    "is_implemented",
    "is_in_force",
    "is_read_only",
    "is_retired",
    "was_approved",
]


class SopStatus(enum.StrEnum):
    """The status of an SOP record, in the order of its life cycle."""

    DRAF = "draf"
    REVIU = "reviu"
    UJI_COBA = "uji coba"
    DISAHKAN = "disahkan"
    DITERAPKAN = "diterapkan"
    PERLU_REVISI = "perlu revisi"
    DICABUT = "dicabut"

    @property
    def label(self) -> str:
        """The status as a heading or a choice shows it: "Uji coba"."""
        return self.value[:1].upper() + self.value[1:]


_CHECKING = frozenset({SopStatus.REVIU, SopStatus.UJI_COBA})
_APPROVED = frozenset({SopStatus.DISAHKAN, SopStatus.DITERAPKAN})
_IN_FORCE = _APPROVED | {SopStatus.PERLU_REVISI}
_IMPLEMENTED = frozenset({SopStatus.DITERAPKAN, SopStatus.PERLU_REVISI})
_READ_ONLY = _APPROVED | {SopStatus.DICABUT}
_WAS_APPROVED = _IN_FORCE | {SopStatus.DICABUT}


def is_checking(status: str) -> bool:
    """Sent to review or trial: drafting is finished."""
    return status in _CHECKING


def is_approved(status: str) -> bool:
    """Approved and standing as approved: neither sent back for revision nor retired."""
    return status in _APPROVED


def is_in_force(status: str) -> bool:
    """An approved text that applies now (also while a revision is pending)."""
    return status in _IN_FORCE


def is_implemented(status: str) -> bool:
    """Applied in the unit (penerapan done), so monitoring and evaluation can follow."""
    return status in _IMPLEMENTED


def is_read_only(status: str) -> bool:
    """Not edited in place: editing starts a new version."""
    return status in _READ_ONLY


def was_approved(status: str) -> bool:
    """Approved at some point (it took a number), whatever happened since."""
    return status in _WAS_APPROVED


def is_retired(status: str) -> bool:
    """Retired (dicabut): left out of counts, books and checks."""
    return status == SopStatus.DICABUT
