"""Start the app for ``sop-workshop``, ``sop-workshop open DIR`` and ``sop-workshop demo``."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class _Placeholder(App[None]):
    TITLE = "sop-workshop"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Aplikasi sedang disiapkan.", markup=False)
        yield Footer()


def run(command: str | None, directory: str | None) -> int:
    _Placeholder().run()
    return 0
