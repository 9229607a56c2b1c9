"""A real browser in the room (issue 21): headless Chromium (the system's ``chromium`` and its
``chromedriver``, driven by Selenium; no browser is downloaded) opens the join address of a
running ``serve``, logs in with the unit PIN, downloads the SOP, types an activity into the SOP
editor, and the facilitator's store has it.

Skipped, with the reason shown, only where no Chromium or chromedriver can be found
(``.ci/run`` installs Debian's ``chromium`` and ``chromium-driver`` where apt-get exists).
The browser's screen is a canvas: the test waits on what the store and the presence files say.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from workshop import presence
from workshop.model import Sop, Step
from workshop.store import Store

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "uji-peramban"
UNIT = "dinas-kesehatan"
TEXT = "Mencatat surat dalam buku agenda"


def _find(*names: str) -> str | None:
    return next((path for name in names if (path := shutil.which(name))), None)


CHROMIUM = _find("chromium", "chromium-browser", "google-chrome", "chrome")
CHROMEDRIVER = _find("chromedriver")

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                       reason="no Chromium with chromedriver on this machine (Debian: "
                              "apt-get install chromium chromium-driver)"),
    pytest.mark.skipif(sys.platform == "win32", reason="stops serve with SIGINT"),
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def until(condition: Callable[[], object], what: str, timeout: float = 90.0) -> None:
    """Wait on a fact, bounded by time (the machine may be busy), never by a count."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.fixture
def room(tmp_path: Path) -> Iterator[tuple[str, Path, str]]:
    """A workshop with one SOP, served on a free port: (join address, folder, PIN)."""
    folder = tmp_path / "ws"
    store = Store.create(folder, "Uji Peramban")
    store.add_unit("Dinas Kesehatan")
    store.add_unit("Dinas Pendidikan")
    pin = store.generate_pin(UNIT)
    store.add_sop(UNIT, Sop(title="Pengelolaan Surat Masuk", actors=["Petugas TU"],
                            steps=[Step("Menerima surat masuk", "Petugas TU", kind="start")]))
    port = free_port()
    errors = tmp_path / "serve.err"
    proc = subprocess.Popen(
        [sys.executable, "-m", "workshop", "serve", str(folder), "--port", str(port),
         "--token", TOKEN],
        stdout=subprocess.DEVNULL, stderr=errors.open("w"), cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT), TEXTUAL_ANIMATIONS="none"))
    join = f"http://127.0.0.1:{port}/{TOKEN}/"

    def answers() -> bool:
        assert proc.poll() is None, errors.read_text()
        try:
            with urllib.request.urlopen(join, timeout=2) as resp:
                return bool(resp.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    try:
        until(answers, "serve", timeout=30)
        yield join, folder, pin
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    options = Options()
    assert CHROMIUM is not None and CHROMEDRIVER is not None
    options.binary_location = CHROMIUM
    options.add_experimental_option("prefs", {
        "download.default_directory": str(tmp_path / "unduhan"),
        "download.prompt_for_download": False})
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1200,800",
                     f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def test_a_browser_logs_in_downloads_and_types_an_activity_the_store_keeps(
        room: tuple[str, Path, str], browser: webdriver.Chrome, tmp_path: Path) -> None:
    join, folder, pin = room

    def press(*keys: str) -> None:
        for key in keys:
            ActionChains(browser).send_keys(key).perform()
            time.sleep(0.3)  # a key, then the next: as a person types, not a paste

    def connected_unit() -> list[presence.Presence]:
        return [p for p in presence.connected(Store.open(folder)) if p.unit == UNIT]

    def activities() -> list[str]:
        return [step.activity for step in Store.open(folder).sops(UNIT)[0].sop.steps]

    try:
        browser.get(join)
        until(lambda: browser.execute_script(
            "return document.body.classList.contains('-first-byte')"), "the first screen")
        time.sleep(1.0)  # the login screen is mounted and focused
        browser.find_element("css selector", "#terminal").click()  # keys go to the terminal
        press(Keys.ENTER, Keys.DOWN, Keys.ENTER)  # open the unit list, take the first unit
        press(pin, Keys.ENTER)
        until(connected_unit, "the participant's heartbeat (logged in)")
        # Open the SOP under the cursor. The list fills in after the screen shows (the
        # heartbeat comes first): on a busy machine the first Enter may find it empty.
        for _ in range(6):
            press(Keys.ENTER)
            try:
                until(lambda: any(p.sop_id for p in connected_unit()), "the editor", 25)
                break
            except AssertionError:
                continue
        until(lambda: any(p.sop_id for p in connected_unit()), "the editor", 1)
        time.sleep(1.5)  # the editor settles (its first focus) before the keys come
        press(Keys.ENTER)  # on the last step: a new step, its activity box focused
        time.sleep(1.0)
        press(TEXT)
        until(lambda: TEXT in activities(), "the activity in the store")
        press(Keys.ESCAPE)  # back to the SOP list
        until(lambda: connected_unit() and not any(p.sop_id for p in connected_unit()),
              "the SOP list")
        press("u")  # download the SOP (textual-serve's page fetches /download/<key>)
        until(lambda: (tmp_path / "unduhan" / "pengelolaan-surat-masuk.md").is_file(),
              "the download")
    except AssertionError:
        browser.save_screenshot(str(tmp_path / "browser.png"))
        raise
    assert TEXT in activities()
    assert Store.open(folder).pin_failures() == []  # no wrong PIN on the way
