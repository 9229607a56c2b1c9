"""PDF documents, drawn with reportlab (pure Python: no system library on any platform).

- :mod:`.fonts`: DejaVu Sans shipped with the package, and :func:`.fonts.pdf_text`, the one
  function every drawn string passes (characters outside the font become U+FFFD).
- :mod:`.pen`: millimetres from the top left on a reportlab canvas.
- :mod:`.sop`: one SOP (kop, boxes, the flowchart pages of :mod:`workshop.export.flow_layout`).
- :mod:`.book`: a unit's SOP book (cover, Keputusan, daftar isi with page numbers, the SOPs).
- :mod:`.markdown`: any other document, from its Markdown (headings, paragraphs, lists,
  tables, page breaks).

Why reportlab and not fpdf2 (measured on a realistic two-page F4 SOP with DejaVu Sans regular
and bold embedded as subsets, CPU time per file): reportlab 15 ms, fpdf2 171 ms — fpdf2
parses each TrueType file with fontTools per document (~150 ms) and subsets it with fontTools
on output, while reportlab parses the font once per process and subsets it itself. Both are
pip-only; reportlab is BSD-licensed, fpdf2 LGPL.
"""

from __future__ import annotations

__all__: list[str] = []
