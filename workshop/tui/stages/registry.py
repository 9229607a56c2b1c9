"""The registry of the main screen's panes: stage id -> ``"module:Class"`` of its pane (a
``base.StagePane``), for the five stages and the board.

The module is imported the first time the pane is shown (``make_pane``), so the workshop opens
without loading the panes it does not show (~0.3 s). A stage of the guide without an entry
gets the ``PlaceholderPane``. Adding a stage pane: subclass ``StagePane``, add one line here.
"""

from __future__ import annotations

import importlib

from workshop.tui.guide import StageInfo
from workshop.tui.stages.base import PlaceholderPane, StagePane
from workshop.tui.widgets.rail import BOARD_ID

PANES: dict[str, str] = {
    "persiapan": "workshop.tui.stages.persiapan.pane:PersiapanPane",
    "kebutuhan": "workshop.tui.stages.kebutuhan.pane:KebutuhanPane",
    "pengembangan": "workshop.tui.stages.pengembangan.pane:PengembanganPane",
    "penerapan": "workshop.tui.stages.penerapan.pane:PenerapanPane",
    "monev": "workshop.tui.stages.monev.pane:MonevPane",
    BOARD_ID: "workshop.tui.screens.board:BoardPane",
}


def pane_class(stage_id: str) -> type[StagePane] | None:
    """The registered pane class of ``stage_id`` (its module imported now), or None."""
    entry = PANES.get(stage_id)
    if entry is None:
        return None
    module, _, name = entry.partition(":")
    cls = getattr(importlib.import_module(module), name)
    if not (isinstance(cls, type) and issubclass(cls, StagePane)):
        raise TypeError(f"{entry} is not a StagePane")
    return cls


def make_pane(stage_id: str, stage: StageInfo | None) -> StagePane | None:
    """The pane of ``stage_id`` (``stage``: its description in the guide, None for the board);
    the placeholder for a stage of the guide without a pane; None for an unknown id."""
    cls = pane_class(stage_id)
    if cls is not None:
        return cls(stage, id=stage_id)
    return PlaceholderPane(stage, id=stage_id) if stage is not None else None
