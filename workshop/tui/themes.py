"""The two themes: a calm default and a high-contrast projector theme."""

from __future__ import annotations

from typing import Final

from textual.theme import Theme

CALM: Final = "sop-tenang"
PROJECTOR: Final = "proyektor"

# Event.theme stores "default" or "proyektor"; these are the Textual theme names.
STORED_TO_THEME: Final[dict[str, str]] = {"default": CALM, "proyektor": PROJECTOR}
THEME_TO_STORED: Final[dict[str, str]] = {v: k for k, v in STORED_TO_THEME.items()}

CALM_THEME: Final = Theme(
    name=CALM,
    primary="#4C7A99",
    secondary="#6C8E7B",
    accent="#C58B3C",
    foreground="#E4E8EB",
    background="#1E2429",
    surface="#262E35",
    panel="#2F3942",
    success="#6FA66F",
    warning="#D9A441",
    error="#D0645A",
    dark=True,
)

# Readable from the back of a room: pure black and white, saturated accents, no subtle shades.
PROJECTOR_THEME: Final = Theme(
    name=PROJECTOR,
    primary="#FFD700",
    secondary="#00E5FF",
    accent="#FFD700",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF66",
    warning="#FFD700",
    error="#FF4040",
    boost="#333333",
    dark=True,
    variables={
        "block-cursor-background": "#FFD700",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#FFD700",
        "input-selection-background": "#FFD700 40%",
        "border": "#FFFFFF",
        "border-blurred": "#AAAAAA",
    },
)

THEMES: Final = (CALM_THEME, PROJECTOR_THEME)


def theme_for(stored: str) -> str:
    """Textual theme name for the value kept in ``Event.theme``."""
    return STORED_TO_THEME.get(stored, CALM)


def stored_for(theme: str) -> str:
    """Value to keep in ``Event.theme`` for a Textual theme name."""
    return THEME_TO_STORED.get(theme, "default")
