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

from workshop.export.html import render_html
from workshop.export.markdown import (
    book_markdown,
    evaluation_markdown,
    inventory_markdown,
    minutes_markdown,
    monitoring_markdown,
    needs_markdown,
    report_markdown,
    sop_markdown,
)
from workshop.export.mdutil import md_parser
from workshop.export.svg import flowchart_svg

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
