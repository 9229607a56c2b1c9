"""Textual's own English words that reach the screen, in Bahasa Indonesia.

Textual ships a few bindings with English descriptions that the footer shows (an open Select's
``esc Dismiss menu``) and an English toast for ctrl+c. :func:`install` rewrites those binding
descriptions once, at import of the app; the app answers ctrl+c itself
(``WorkshopApp.action_help_quit``). ``tests/tui/test_bahasa.py`` opens each and reads the
screen.
"""

from __future__ import annotations

from typing import Final

from textual.binding import Binding
from textual.widgets._select import SelectOverlay

# (widget class, key, action, description): Textual's bindings that show in the footer.
FOOTER_WORDS: Final = ((SelectOverlay, "escape", "dismiss", "Tutup menu"),)

QUIT_TITLE: Final = "Ingin keluar?"


def quit_hint(key: str) -> str:
    """The toast for ctrl+c (which copies, it does not quit)."""
    return f"Tekan {key} untuk keluar dari aplikasi."


def install() -> None:
    """Give Textual's footer bindings their Indonesian descriptions (idempotent)."""
    for widget, key, action, description in FOOTER_WORDS:
        kept = [b for b in widget.BINDINGS
                if not (isinstance(b, Binding) and b.key == key)
                and not (isinstance(b, tuple) and b[0] == key)]
        widget.BINDINGS = [*kept, Binding(key, action, description)]
        widget._merged_bindings = widget._merge_bindings()


__all__ = ["QUIT_TITLE", "install", "quit_hint"]
