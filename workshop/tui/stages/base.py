"""Stages whose screens come in a later version: what the stage is, and its progress so far."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from workshop.tui.guide import StageInfo
from workshop.tui.progress import StageProgress, bar


class StagePane(VerticalScroll):
    """Honest placeholder for a stage that is not available yet, with its data-driven progress."""

    def __init__(self, stage: StageInfo, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="stage-pane")
        self.stage = stage

    def compose(self) -> ComposeResult:
        yield Static(Text(self.stage.name, style="bold"), classes="pane-title")
        yield Static("Layar tahap ini belum tersedia di versi ini. Kemajuannya tetap dihitung "
                     "dari data workshop dan tampil di panel tahapan.", classes="notice")
        if self.stage.description:
            yield Static(Text(self.stage.description), classes="stage-description")
        if self.stage.steps:
            lines = Text("Langkah-langkah:\n", style="bold")
            for number, step in enumerate(self.stage.steps, start=1):
                lines.append(f"  {number}. {step}\n", style="")
            yield Static(lines, classes="stage-steps")
        yield Static("", id="stage-progress", markup=False)

    def show(self, progress: StageProgress) -> None:
        text = Text("Kemajuan: ", style="bold")
        text.append(f"{bar(progress.fraction, 20)} {progress.label}")
        self.query_one("#stage-progress", Static).update(text)
