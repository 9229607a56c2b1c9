"""The step editor does not surprise (issue 22): the first typed text lands in Kegiatan, Jenis
is a choice by keys, a question is offered as a decision, an unknown actor is offered for
adding, unfocused boxes show the start of their text, toasts name fields by their labels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import type_keys, wait_until
from tests.tui.stages.pengembangan.test_editor_keys import open_editor, workshop
from workshop.tui.app import WorkshopApp


def recorder(app: WorkshopApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        shown.append(message)
        notify(message, **options)

    monkeypatch.setattr(app, "notify", recording)
    return shown


async def test_first_text_goes_to_kegiatan_and_jenis_is_a_key_choice(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_editor(pilot)
        assert app.focused is screen.query_one("#sf-activity", Input)
        await pilot.press("ctrl+n")  # a new step 2
        await pilot.pause()
        await type_keys(pilot, *"Apakah surat lengkap?")
        await pilot.pause()
        assert screen.editor.sop.steps[1].activity == "Apakah surat lengkap?"
        assert "alt+k: jadikan keputusan" in screen_text(app)
        await pilot.press("alt+k")
        await pilot.pause()
        assert screen.editor.sop.steps[1].kind == "decision"
        assert screen.query_one("#sf-kind", Input).value == "keputusan"
        screen.query_one("#sf-kind", Input).focus()
        await pilot.press("p")
        await pilot.pause()
        assert screen.editor.sop.steps[1].kind == "process"
        await pilot.press("space")
        await pilot.pause()
        assert screen.editor.sop.steps[1].kind == "decision"
        assert screen.query_one("#sf-kind", Input).value == "keputusan"


async def test_unknown_actor_offered_in_one_key_and_toasts_name_labels(
    tmp_path: Path, make_app: Callable[..., WorkshopApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(workshop(tmp_path))
    shown = recorder(app, monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_editor(pilot)
        actor = screen.query_one("#sf-actor", Input)
        actor.focus()
        await pilot.pause()
        actor.value = ""
        await type_keys(pilot, *"Kepala Subbagian Umum")
        await pilot.pause()
        assert "'Kepala Subbagian Umum' belum ada di daftar pelaksana. Enter" in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Kepala Subbagian Umum" in screen.editor.sop.actors)
        assert screen.editor.sop.steps[0].actor == "Kepala Subbagian Umum"
        screen.query_one("#sf-time", Input).focus()
        await pilot.pause()
        await type_keys(pilot, *"5 menit")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Diurungkan: Ubah Waktu langkah 1" in shown
        assert not any("Ubah time" in m or "Ubah actor" in m for m in shown)


async def test_unfocused_box_shows_the_start_of_its_text(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(90, 30)) as pilot:
        screen = await open_editor(pilot)
        box = screen.query_one("#sf-activity", Input)
        box.value = ""
        await type_keys(pilot, *"Menerima berkas permohonan Kartu Keluarga dari pemohon di loket")
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not box
        assert box.cursor_position == 0
        assert "Menerima berkas" in screen_text(app)
