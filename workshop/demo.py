"""The demo workshop: a fresh copy of the shipped bundle ``sessions/demo/`` in a new folder.

``sop-workshop demo`` calls :func:`create_demo` on a new folder and opens it. The shipped bundle
is only read, never written: the copy is made by importing the bundle into a new store.
The bundle itself is built by ``tools/build_demo.py``; the unit PINs are listed in
``docs/panduan.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Final

from workshop import resources
from workshop.store import Store, StoreError

DEMO_NAME: Final = "demo"
PLACEHOLDER_TITLE: Final = "Workshop contoh"


class DemoError(StoreError):
    """The demo could not be created; the message (Bahasa Indonesia) says why."""


def demo_bundle_dir() -> Path:
    """The shipped demo bundle (read only)."""
    return resources.sessions_dir() / DEMO_NAME


def create_demo(target: Path, *, now: Callable[[], datetime] | None = None) -> None:
    """Create a fresh copy of the demo workshop in ``target`` (a new or empty folder).

    Raises :class:`DemoError` (a ``StoreError``) when the bundle is missing or cannot be read,
    and ``StoreError`` when ``target`` cannot hold a new workshop.
    """
    from workshop.bundle import import_bundle, is_bundle

    source = demo_bundle_dir()
    if not is_bundle(source):
        raise DemoError(
            f"Workshop contoh tidak ditemukan di {source}. Pasang ulang sop-workshop atau "
            "jalankan tools/build_demo.py dari folder sumbernya."
        )
    store = Store.create(Path(target), PLACEHOLDER_TITLE, now=now)
    report = import_bundle(store, source)
    if not report.ok:
        raise DemoError(
            "Workshop contoh tidak dapat disalin: " + "; ".join(report.errors)
        )


__all__ = ["DemoError", "create_demo", "demo_bundle_dir"]
