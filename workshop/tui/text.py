"""User text inside places that only take Textual markup strings (border titles)."""

from __future__ import annotations


def literal(value: str) -> str:
    """``value`` as Textual markup that renders exactly as typed (``[`` is escaped)."""
    return value.replace("[", "\\[")
