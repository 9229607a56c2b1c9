"""The rail: the five stages with their progress, plus the progress board."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workshop.tui.progress import StageProgress, bar

BOARD_ID = "papan"


def stage_prompt(number: int, stage: StageProgress, *, wide: bool) -> Text:
    text = Text()
    text.append(f"{number} ", style="bold")
    text.append(stage.name, style="bold")
    text.append("\n  ")
    width = 12 if wide else 6
    text.append(bar(stage.fraction, width))
    if wide:
        text.append(f"\n  {stage.label}")
    else:
        text.append(f" {stage.done}/{stage.total}")
    return text


def board_prompt(units: int, ready: int) -> Text:
    text = Text()
    text.append("B ", style="bold")
    text.append("Papan kemajuan", style="bold")
    text.append(f"\n  {units} unit")
    return text


class Rail(OptionList):
    """Stages and the board; selecting one shows it."""

    DEFAULT_CSS = """
    Rail { width: 22; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._wide = False
        self._last: list[Text] = []

    def show(self, stages: Sequence[StageProgress], units: int, ready: int, *,
             wide: bool) -> None:
        prompts = [stage_prompt(i, s, wide=wide) for i, s in enumerate(stages, start=1)]
        prompts.append(board_prompt(units, ready))
        ids = [s.stage_id for s in stages] + [BOARD_ID]
        if self.option_count == len(prompts) and wide == self._wide:
            for index, prompt in enumerate(prompts):
                if index >= len(self._last) or self._last[index].plain != prompt.plain:
                    self.replace_option_prompt_at_index(index, prompt)
        else:
            highlighted = self.highlighted
            self.clear_options()
            self.add_options([Option(p, id=i) for p, i in zip(prompts, ids, strict=True)])
            if highlighted is not None and highlighted < len(prompts):
                self.highlighted = highlighted
        self._wide = wide
        self._last = prompts

    def select_id(self, option_id: str) -> None:
        with contextlib.suppress(Exception):
            self.highlighted = self.get_option_index(option_id)
