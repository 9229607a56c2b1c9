"""Exports: pure functions from model values to Markdown, HTML and SVG (no files, no UI).

- :mod:`workshop.export.markdown`: one SOP, a unit's SOP book, Tabel 6 and the inventory,
  Tabel 7, the evaluation, the minutes of a session, the workshop report;
- :mod:`workshop.export.html`: HTML for print with SVG flowcharts;
- :mod:`workshop.export.flow_layout`: the paginated flowchart geometry (mm) every renderer draws;
- :mod:`workshop.export.svg`: the flowchart drawn as SVG;
- :mod:`workshop.export.mdutil`: the Markdown parser factory and escaping;
- :mod:`workshop.export.naming`: safe, stable, unique file names;
- :mod:`workshop.export.progress`: report and minutes figures.

``workshop.exporting`` is the command-line glue that reads a workshop and writes files.
"""

from __future__ import annotations

import importlib
from typing import Any

# Where each name of the package lives. Imported on first use (PEP 562), so that importing one
# small module (``workshop.export.naming`` for a safe file name) does not import the Markdown
# parser, the HTML and SVG writers: a participant process under ``serve`` never exports and is
# ~4 MB lighter without them (issue 21).
_HOMES = {
    "render_html": "workshop.export.html",
    "flowchart_svg": "workshop.export.svg",
    "md_parser": "workshop.export.mdutil",
    **{name: "workshop.export.markdown" for name in (
        "book_markdown", "evaluation_markdown", "inventory_markdown", "minutes_markdown",
        "monitoring_markdown", "needs_markdown", "report_markdown", "sop_markdown")},
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


__all__ = [
    "book_markdown",
    "evaluation_markdown",
    "flowchart_svg",
    "inventory_markdown",
    "md_parser",
    "minutes_markdown",
    "monitoring_markdown",
    "needs_markdown",
    "render_html",
    "report_markdown",
    "sop_markdown",
]
