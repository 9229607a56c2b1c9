"""Short texts (decisions, guests, parked items): Enter in the box adds, Delete removes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option


class TextEntries(Vertical):
    """An input to add an entry and the entries below it. Posts ``Added`` and ``Removed``."""

    DEFAULT_CSS = """
    TextEntries { height: auto; }
    TextEntries OptionList { height: auto; max-height: 8; }
    """

    class Added(Message):
        def __init__(self, entries: TextEntries, text: str) -> None:
            super().__init__()
            self.entries = entries
            self.text = text

        @property
        def control(self) -> TextEntries:
            return self.entries

    class Removed(Message):
        def __init__(self, entries: TextEntries, index: int) -> None:
            super().__init__()
            self.entries = entries
            self.index = index

        @property
        def control(self) -> TextEntries:
            return self.entries

    class _List(OptionList):
        BINDINGS: ClassVar[list[BindingType]] = [Binding("delete", "remove", "Hapus")]

        def action_remove(self) -> None:
            if self.highlighted is not None:
                parent = self.parent
                if isinstance(parent, TextEntries):
                    parent.post_message(TextEntries.Removed(parent, self.highlighted))

    def __init__(self, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.placeholder = placeholder
        self._shown: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder, compact=True)
        yield self._List(compact=True)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def show(self, entries: Sequence[str]) -> None:
        if list(entries) == self._shown:
            return
        self._shown = list(entries)
        options = self.query_one(self._List)
        keep = options.highlighted
        options.clear_options()
        options.add_options([Option(Text(f"{i}. {e}")) for i, e in enumerate(entries, 1)])
        options.display = bool(entries)
        if keep is not None and entries:
            options.highlighted = min(keep, len(entries) - 1)

    @on(Input.Submitted)
    def _submitted(self, message: Input.Submitted) -> None:
        message.stop()
        text = message.value.strip()
        if text:
            self.input.value = ""
            self.post_message(self.Added(self, text))
