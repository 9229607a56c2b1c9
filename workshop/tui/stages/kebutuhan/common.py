"""What the panels of the Penilaian Kebutuhan stage share: the vocabularies they offer, the
template library, the message that asks the stage to re-read the workshop, table helpers."""

from __future__ import annotations

import functools

from textual.message import Message

from workshop.model import Sop
from workshop.pedoman import PedomanError, load_pedoman
from workshop.resources import sop_templates_dir
from workshop.sopfile import SopFileError, load_sop
from workshop.stages.kebutuhan import needs
from workshop.tui.widgets.fit_table import (
    CELL_PADDING,
    Column,
    fill_table,
    fit_widths,
    keep_cursor,
    selected_key,
)


class NeedsChanged(Message):
    """A panel wrote to the workshop: the Kebutuhan pane re-reads and redraws."""


@functools.cache
def aspects() -> tuple[str, ...]:
    """The aspek vocabulary of pedoman.yaml (the built-in six when it cannot be read)."""
    try:
        return load_pedoman().aspek or needs.DEFAULT_ASPECTS
    except (PedomanError, OSError):
        return needs.DEFAULT_ASPECTS


@functools.cache
def templates() -> tuple[dict[str, Sop], tuple[str, ...]]:
    """The template library (id = file stem -> SOP) and the files that could not be read."""
    found: dict[str, Sop] = {}
    problems: list[str] = []
    try:
        paths = sorted(sop_templates_dir().glob("*.yaml"))
    except OSError:
        paths = []
    for path in paths:
        try:
            found[path.stem] = load_sop(path)
        except SopFileError as exc:
            problems.append(str(exc))
    return found, tuple(problems)


# The tables' fitting lives with the widget (one place for every table of the app).
__all__ = ["CELL_PADDING", "Column", "NeedsChanged", "aspects", "fill_table", "fit_widths",
           "keep_cursor", "selected_key", "templates"]
