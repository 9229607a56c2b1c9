"""Dialogs of the Pengembangan stage: choose one item, approve, map template actors, diff.

Every dialog returns a typed result through ``dismiss`` (``None`` when cancelled); user text is
data, never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop.tui.dialogs import Dialog, dialog_buttons


class ChoiceDialog(Dialog[str | None]):
    """Pick one item of a list (Enter); returns its value."""

    def __init__(self, title: str, options: list[tuple[str, str]], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box tall"):
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.hint:
                yield Static(Text(self.hint), classes="hint")
            if self.options:
                yield OptionList(*[Option(Text(label), id=value)
                                   for label, value in self.options], id="choices")
            else:
                yield Static("Belum ada pilihan.", id="choices-empty")
            yield dialog_buttons(None)

    def on_mount(self) -> None:
        for choices in self.query("#choices").results(OptionList):
            choices.focus()
            choices.highlighted = 0

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(message.option.id)


@dataclass(frozen=True)
class ApproveForm:
    kode: str
    signed: str  # Tanggal Efektif (signing date)
    created: str  # Tanggal Pembuatan
    position: str
    name: str
    nip: str


APPROVE_FIELDS: tuple[tuple[str, str], ...] = (
    ("kode", "Kode klasifikasi"),
    ("signed", "Tanggal pengesahan (efektif)"),
    ("created", "Tanggal pembuatan"),
    ("position", "Jabatan pengesah"),
    ("name", "Nama pengesah"),
    ("nip", "NIP pengesah"),
)


class ApproveDialog(Dialog[ApproveForm | None]):
    """Pengesahan: the signer and the dates; the number is shown after approval."""

    def __init__(self, defaults: ApproveForm, pattern: str) -> None:
        super().__init__()
        self.defaults = defaults
        self.pattern = pattern

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box tall"):
            yield Static("Sahkan SOP", classes="dialog-title")
            yield Static(Text(f"Pola nomor unit: {self.pattern or '(belum diisi)'}"),
                         classes="hint")
            with VerticalScroll(classes="form"):
                for key, label in APPROVE_FIELDS:
                    yield Label(label)
                    yield Input(getattr(self.defaults, key), id=f"ap-{key}", compact=True)
            yield Static("", id="problem", classes="problem", markup=False)
            yield dialog_buttons("Sahkan")

    def on_mount(self) -> None:
        self.query_one("#ap-kode", Input).focus()

    def _value(self, key: str) -> str:
        return self.query_one(f"#ap-{key}", Input).value.strip()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        form = ApproveForm(**{key: self._value(key) for key, _ in APPROVE_FIELDS})
        if not form.position or not form.name:
            self.query_one("#problem", Static).update(
                "Isi jabatan dan nama pejabat yang mengesahkan.")
            return
        self.dismiss(form)


class ActorMapDialog(Dialog[dict[str, str] | None]):
    """Map each position of a template to the unit's own position name. The cursor starts
    in the first box (not on the scrolling form), so Enter takes the names as they are."""

    AUTO_FOCUS = "Input"

    def __init__(self, title: str, actors: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.actors = actors

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box tall"):
            yield Static(Text(f"Pelaksana templat: {self.title_text}"), classes="dialog-title")
            yield Static("Ganti jabatan templat dengan jabatan di unit Anda (biarkan bila sama).",
                         classes="hint")
            with VerticalScroll(classes="form"):
                for i, actor in enumerate(self.actors):
                    yield Label(Text(actor))
                    yield Input(actor, id=f"map-{i}", compact=True)
            yield Static("", id="problem", classes="problem", markup=False)
            yield dialog_buttons("Pakai")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        mapping: dict[str, str] = {}
        for i, actor in enumerate(self.actors):
            value = " ".join(self.query_one(f"#map-{i}", Input).value.split())
            if not value:
                self.query_one("#problem", Static).update(f"Jabatan untuk '{actor}' kosong.")
                return
            mapping[actor] = value
        if len({v.casefold() for v in mapping.values()}) != len(mapping):
            self.query_one("#problem", Static).update("Dua pelaksana tidak boleh sama.")
            return
        self.dismiss(mapping)


class DiffDialog(Dialog[None]):
    """Step-level differences between two versions (typed as numbers); closed by Tutup/escape."""

    def __init__(self, first: int, second: int, latest: int,
                 compute: Callable[[int, int], list[str]]) -> None:
        super().__init__()
        self.first = first
        self.second = second
        self.latest = latest
        self.compute = compute

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box tall"):
            yield Static("Perbedaan antarversi", classes="dialog-title")
            with Horizontal(classes="buttons"):
                yield Label("Dari versi ")
                yield Input(str(self.first), id="diff-a", compact=True, type="integer")
                yield Label(" ke versi ")
                yield Input(str(self.second), id="diff-b", compact=True, type="integer")
            with VerticalScroll():
                yield Static("", id="diff-lines", markup=False)
            yield dialog_buttons(None, cancel_label="Tutup")

    def on_mount(self) -> None:
        self._show()
        self.query_one("#cancel", Button).focus()

    @on(Input.Changed)
    def _show(self) -> None:
        try:
            a = int(self.query_one("#diff-a", Input).value)
            b = int(self.query_one("#diff-b", Input).value)
        except ValueError:
            return
        lines = self.compute(a, b)
        text = "\n".join(lines) if lines else "Tidak ada perbedaan langkah."
        self.query_one("#diff-lines", Static).update(Text(text))
