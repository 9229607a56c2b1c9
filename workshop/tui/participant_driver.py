"""The driver of a participant's process under ``serve``: textual-serve's ``WebDriver``, with
two things it lacks.

- **The app ends when the server is gone.** ``WebDriver`` reads the server's pipe in a thread;
  when the pipe ended (the server killed, crashed, or its window closed) that thread stopped
  and nothing else happened: the app idled on, holding its memory (~55 MB), and a ``serve``
  started again found the last room's processes still there. Here the end of the pipe ends the
  app the way a closed browser tab does (``ExitApp``).
- **Input beyond what the app can take is dropped.** ``WebDriver`` hands every key it parses
  to the app's loop at once, however far behind the app is: 1.4 MB of keys from one tab became
  5 GB of pending events in two minutes, and the process went on handling them long after its
  tab was closed. Here a key, mouse move or scroll is dropped while the app holds
  :data:`~workshop.limits.INPUT_BACKLOG` events it has not handled; the app is told once per
  flood (:class:`~workshop.tui.messages.InputDropped`), and the process lowers its own
  priority for good (``portable.lower_priority``): the flood it has already been sent still has
  to be read and parsed, on one core, after its tab is gone, and the room's other processes go
  first. Pastes, clicks, resizes and the server's messages always pass.

``room_server.ClientAppService`` names this driver in ``TEXTUAL_DRIVER`` for every
participant's process. It reads Textual's private message queues (Textual 8.2): check them on
an upgrade (``tests/test_serve_bad_input.py`` fails if the flood is no longer held).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from concurrent.futures import Future
from typing import Any, Final

from textual import events, messages
from textual.app import App
from textual.drivers.web_driver import WebDriver
from textual.message import Message
from textual.message_pump import MessagePump

from workshop import portable
from workshop.limits import INPUT_BACKLOG
from workshop.tui.messages import InputDropped

# What may be dropped: events that come in floods and lose nothing a user meant when a few go.
DROPPABLE: Final = (events.Key, events.MouseMove, events.MouseScrollDown, events.MouseScrollUp,
                    events.MouseScrollLeft, events.MouseScrollRight)


class ParticipantDriver(WebDriver):
    """``WebDriver`` that drops input the app cannot take, and ends the app when the pipe
    ends."""

    def __init__(self, app: App[Any], *, debug: bool = False, mouse: bool = True,
                 size: tuple[int, int] | None = None) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self._lock = threading.Lock()
        self._in_flight = 0  # sent to the loop, not yet in a message queue
        self._dropped = 0  # in the current flood
        self._lowered = False  # priority lowered (after the first flood)

    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():  # the pipe ended; the app did not stop it
            with contextlib.suppress(RuntimeError):  # the app's loop is already closed
                self._app.post_message(messages.ExitApp())

    def process_message(self, message: Message) -> None:
        """(In the input thread.) Pass the event on, or drop it while the app is behind."""
        if isinstance(message, DROPPABLE) and self._backlog() >= INPUT_BACKLOG:
            if not self._dropped:
                self._app.post_message(InputDropped())
                if not self._lowered:  # once: what it still parses costs the others less
                    self._lowered = True
                    portable.lower_priority()
            self._dropped += 1
            return
        self._dropped = 0
        super().process_message(message)

    def send_message(self, message: Message) -> None:
        with self._lock:
            self._in_flight += 1
        future = asyncio.run_coroutine_threadsafe(self._app._post_message(message),
                                                  loop=self._loop)
        future.add_done_callback(self._landed)

    def _landed(self, _future: Future[Any]) -> None:
        with self._lock:
            self._in_flight -= 1

    def _backlog(self) -> int:
        """Events not handled yet: on their way to the loop, or in the app's, the screen's or
        the focused widget's queue (where keys wait)."""
        app = self._app
        pumps: list[MessagePump] = [app]
        with contextlib.suppress(Exception):  # no screen yet, or the app is closing
            pumps.append(app.screen)
            if app.focused is not None:
                pumps.append(app.focused)
        return self._in_flight + sum(pump._message_queue.qsize() for pump in pumps)
