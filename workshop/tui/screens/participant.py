"""Participant mode (one browser tab under ``sop-workshop serve``): choose the unit, enter its
PIN, then work on that unit only — its SOP list, the editor (flowchart and checks inside), its
Tabel 6 — with live updates and downloads of the unit's documents.

This module holds the login (the unit, the PIN and its lockout); the unit's screen is in
:mod:`workshop.tui.screens.participant_unit`, imported once the PIN was right.

What a participant may change is enforced by the store: after the PIN the app holds a store
opened with ``scope=<unit>`` only, which refuses writes to any other unit.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import (
    Button,
    Input,
    Label,
    Select,
    Static,
)

from workshop.datetext import wait_text
from workshop.store import CLIENT_ENV, Store, StoreError
from workshop.tui.messages import UnitEntered

LOGIN_SCOPE = "(belum masuk)"  # slugify never makes brackets or spaces
LOGIN_IDLE_SECONDS = 10 * 60.0  # a tab that has not logged in by then is closed (frees a place)
PIN_DIGITS = "0123456789"
CHOICE_WAIT_SECONDS = 5.0  # an Enter after the PIN waits this long for a unit chosen just before


# ---------------------------------------------------------------------------------------------
# The PIN gate
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PinResult:
    ok: bool
    message: str


class PinGate:
    """The unit PIN, tried through the store: the wrong tries are counted per unit and per
    browser address in one step under the store's lock (``workshop/store/pins.py``), so a
    reloaded tab or ten tabs at once get no extra guesses."""

    def __init__(self, store: Store, *, client: str = "",
                 now: Callable[[], float] = time.time) -> None:
        self.store = store
        self.client = client
        self._now = now

    def attempt(self, unit: str, pin: str) -> PinResult:
        if not pin.strip():
            return PinResult(False, "Isi PIN unit (6 angka dari fasilitator).")
        try:
            check = self.store.try_pin(unit, pin, client=self.client, at=self._now())
        except StoreError as exc:
            return PinResult(False, str(exc))
        if check.ok:
            return PinResult(True, "PIN benar.")
        if not check.checked:
            if check.wait <= 0:
                return PinResult(False, "Unit itu tidak ada lagi. Muat ulang halaman ini.")
            return PinResult(False, f"Terlalu banyak PIN salah. Tunggu "
                                    f"{wait_text(check.wait)}, lalu coba lagi.")
        if check.wait > 0:
            return PinResult(False, f"PIN salah. Tunggu {wait_text(check.wait)} sebelum "
                                    "mencoba lagi.")
        return PinResult(False, f"PIN salah. Sisa percobaan: {check.tries_left}.")


# ---------------------------------------------------------------------------------------------
# Login
# ---------------------------------------------------------------------------------------------


class ParticipantLoginScreen(Screen[None]):
    """Choose the unit and enter its PIN.

    Typing ahead is safe: a participant who picks the unit and types the PIN and Enter at once,
    while the process is still busy (forty tabs opening together on two cores), must not lose
    digits. Textual hands each key to the widget focused when the key *arrives*, so keys that
    arrive together all go to the unit list, before its choice has moved the focus to the PIN
    box: the PIN came out short, counted as a wrong try, and three such locked the unit for the
    laptop. So the digits and Enter are the screen's own (priority bindings, handled in arrival
    order): a digit always goes into the PIN box; an Enter that follows a choice still being
    made waits for it (at most ``CHOICE_WAIT_SECONDS``) and then submits.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(d, f"pin_digit('{d}')", show=False, priority=True) for d in PIN_DIGITS),
        Binding("enter", "enter", show=False, priority=True),
    ]

    DEFAULT_CSS = """
    ParticipantLoginScreen { align: center middle; }
    ParticipantLoginScreen #login-box {
        width: 64; max-width: 100%; height: auto; border: round $accent; padding: 1 2;
    }
    ParticipantLoginScreen #login-title { text-style: bold; color: $accent; }
    ParticipantLoginScreen Label { margin-top: 1; }
    ParticipantLoginScreen #login-message { margin-top: 1; height: auto; }
    ParticipantLoginScreen #login-ok { margin-top: 1; }
    """

    def __init__(self, folder: Path, *, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.folder = folder
        self._store: Store | None = None
        self._problem = ""
        try:
            # A scope that is no unit's slug: this store may read (units, PIN check) but every
            # write to the workshop or to a unit is refused, even by a bug in a screen.
            if not Store.is_workshop(folder):
                raise StoreError(f"{folder} bukan folder workshop.")
            self._store = Store(folder, LOGIN_SCOPE)
            self._store.units()
        except StoreError as exc:
            self._store = None
            self._problem = str(exc)
        self.gate = PinGate(self._store, client=os.environ.get(CLIENT_ENV, ""), now=clock) \
            if self._store is not None else None
        self._choosing = False  # an Enter went to the open unit list and is not handled yet
        self._submit_deadline: float | None = None

    def compose(self) -> ComposeResult:
        units = self._store.units() if self._store is not None else []
        title = self._store.event().title if self._store is not None else ""
        with Vertical(id="login-box"):
            yield Static("Masuk sebagai peserta", id="login-title")
            yield Static(Text(title), id="login-event")
            yield Label("Unit (OPD)")
            # No type-to-search: the open list would take the PIN's digits (see the docstring).
            yield Select[str]([(Text(u.name), u.slug) for u in units], prompt="Pilih unit Anda",
                              id="login-unit", type_to_search=False)
            yield Label("PIN unit")
            # Not selected on focus: digits typed ahead land before the focus does.
            yield Input(placeholder="6 angka dari fasilitator", password=True, id="login-pin",
                        max_length=12, select_on_focus=False)
            yield Button("Masuk", variant="primary", id="login-ok", compact=True)
            yield Static(Text(self._problem or (
                "" if units else "Belum ada unit. Minta fasilitator menambahkan unit.")),
                id="login-message")

    def on_mount(self) -> None:
        self.query_one("#login-unit", Select).focus()
        # A tab left at the login holds a process and one of serve's places: close it.
        self.set_timer(LOGIN_IDLE_SECONDS, self._idle)

    def _idle(self) -> None:
        if self.app.screen is self:
            self.app.exit(message=f"Tidak masuk dalam {wait_text(LOGIN_IDLE_SECONDS)}; "
                                  "sesi ditutup.")

    @on(Select.Changed, "#login-unit")
    def _unit_chosen(self) -> None:
        self._choosing = False
        self.query_one("#login-pin", Input).focus()

    # -- keys, in the order they arrive (see the class docstring) -------------------------------

    def action_pin_digit(self, digit: str) -> None:
        pin = self.query_one("#login-pin", Input)
        pin.cursor_position = len(pin.value)
        pin.insert_text_at_cursor(digit)
        if not self.query_one("#login-unit", Select).expanded:
            pin.focus()

    def action_enter(self) -> None:
        select = self.query_one("#login-unit", Select)
        pin = self.query_one("#login-pin", Input)
        if isinstance(self.focused, Button):
            raise SkipAction()  # the button presses itself (and submits)
        if select.expanded and not self._choosing:
            self._choosing = True  # this Enter picks the highlighted unit
            raise SkipAction()
        if not select.expanded:
            self._choosing = False
        if not pin.value or (not self._choosing and not isinstance(select.value, str)):
            # nothing typed yet (the unit list opens, or the empty PIN is reported), or a PIN
            # typed before any unit was chosen (the list opens, or "Pilih unit Anda dulu")
            raise SkipAction()
        self._submit_deadline = time.monotonic() + CHOICE_WAIT_SECONDS
        self._submit_when_chosen()

    def _submit_when_chosen(self) -> None:
        """Submit once the unit list has taken the choice made just before the Enter."""
        deadline = self._submit_deadline
        if deadline is None:
            return
        if self.query_one("#login-unit", Select).expanded and time.monotonic() < deadline:
            self.set_timer(0.05, self._submit_when_chosen)
            return
        self._submit_deadline = None
        self._choosing = False
        self.submit()

    @on(Input.Submitted, "#login-pin")
    @on(Button.Pressed, "#login-ok")
    def submit(self) -> None:
        message = self.query_one("#login-message", Static)
        value = self.query_one("#login-unit", Select).value
        if not isinstance(value, str):
            message.update(Text("Pilih unit Anda dulu.", style="bold"))
            return
        pin_box = self.query_one("#login-pin", Input)
        if self.gate is None:
            message.update(Text(self._problem, style="bold red"))
            return
        result = self.gate.attempt(value, pin_box.value)
        if not result.ok:
            pin_box.value = ""
            message.update(Text(result.message, style="bold red"))
            return
        try:
            store = Store.open(self.folder, scope=value, now=getattr(self.app, "now", None))
        except StoreError as exc:
            message.update(Text(str(exc), style="bold red"))
            return
        self._store = None
        self.post_message(UnitEntered(store, value))  # the app holds it


# The unit's screen lives in participant_unit (imported after the PIN); its names stay
# importable from here for the callers that know them by this module.
_UNIT_SCREEN_NAMES = frozenset({"ParticipantSops", "ParticipantNeeds", "ParticipantScreen",
                                "participant_commands", "sop_document", "deliver_sop"})


def __getattr__(name: str) -> Any:
    if name in _UNIT_SCREEN_NAMES:
        from workshop.tui.screens import participant_unit

        return getattr(participant_unit, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
