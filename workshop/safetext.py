"""Text from data made safe for a terminal: the one function every CLI print of data passes.

A title or unit name may hold ESC, BEL or other control characters (a YAML file can write them
as ``"\\e"``); printed raw, they set the terminal's title, clear the screen or worse. The
command line prints data only through :func:`terminal_text`, which drops every C0 control
character except newline and tab, DEL, and every C1 control character (U+0080-U+009F, which
some terminals take as ESC sequences). The HTML ``<title>`` uses the same function.
"""

from __future__ import annotations

import re
from typing import Final

_CONTROLS: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_text(text: str) -> str:
    """``text`` without control characters (newline and tab are kept)."""
    return _CONTROLS.sub("", text)


def one_line(text: str) -> str:
    """``text`` without control characters and on one line (newlines and tabs -> spaces)."""
    return terminal_text(text).replace("\n", " ").replace("\t", " ")
