"""The entry points of the app: ``sop-workshop``, ``sop-workshop open DIR``, ``sop-workshop demo``
and ``sop-workshop participant DIR`` (one browser tab under ``serve``). Screens never start the
app: they are started by it."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def run(command: str | None, directory: str | None) -> int:
    from workshop.tui.app import WorkshopApp

    if command == "open":
        if not directory:
            print("Sebutkan folder workshop: sop-workshop open FOLDER", file=sys.stderr)
            return 1
        folder = Path(directory).expanduser()
        if folder.exists() and not folder.is_dir():
            print(f"{folder} adalah berkas, bukan folder workshop.", file=sys.stderr)
            return 1
        app = WorkshopApp(folder)
    elif command == "demo":
        app = WorkshopApp(demo=True)
    else:
        app = WorkshopApp()
    app.run()
    if app.demo_path is not None:
        print(f"Salinan demo tersimpan di {app.demo_path}")
    return app.return_code or 0


def run_participant(directory: str) -> int:
    """``sop-workshop participant DIR`` (what ``serve`` runs in each browser tab)."""
    from workshop.store import Store
    from workshop.tui.app import WorkshopApp, fit_terminal

    # textual-serve passes the browser's size from the websocket address: clamp it before the
    # driver reads it (a later resize is clamped by the app).
    fitted = fit_terminal(os.environ.get("COLUMNS", "80"), os.environ.get("ROWS", "24"))
    os.environ["COLUMNS"], os.environ["ROWS"] = (str(n) for n in (fitted or (80, 24)))
    folder = Path(directory).expanduser()
    if not Store.is_workshop(folder):
        print(f"{folder} bukan folder workshop.", file=sys.stderr)
        return 1
    app = WorkshopApp(folder, participant=True)
    app.run()
    return app.return_code or 0
