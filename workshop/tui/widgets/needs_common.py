"""What the panels of the Penilaian Kebutuhan stage share: the vocabularies they offer, the
template library, the message that asks the stage to re-read the workshop, table helpers."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from workshop import needs
from workshop.model import Sop, Unit
from workshop.pedoman import PedomanError, load_pedoman
from workshop.resources import sop_templates_dir
from workshop.sopfile import SopFileError, load_sop


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


def unit_options(units: Sequence[Unit]) -> list[tuple[Text, str]]:
    return [(Text(u.name), u.slug) for u in units]


def selected_key(table: DataTable[Text]) -> str | None:
    if table.row_count == 0:
        return None
    with contextlib.suppress(Exception):
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return None


def keep_cursor(table: DataTable[Text], key: str | None, row: int) -> None:
    if table.row_count == 0:
        return
    if key is not None:
        with contextlib.suppress(Exception):
            table.move_cursor(row=table.get_row_index(key))
            return
    table.move_cursor(row=min(row, table.row_count - 1))


