"""Golden outputs of the exporters: byte-for-byte the same files as before the speed work.

The digests below were taken from the exporters before they were optimised (issue 12). Any
change of output (a byte) fails here; if a change is intended, regenerate with
``python3 tests/test_export_golden.py`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script to regenerate
    sys.path.insert(0, str(ROOT))

from workshop.exporting import render_sop, run_jobs, workshop_jobs  # noqa: E402
from workshop.sopfile import load_sop  # noqa: E402
from workshop.store import Store  # noqa: E402

TEMPLATES = ("surat-masuk", "perjalanan-dinas", "pengaduan-masyarakat")
FROZEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _template_outputs() -> dict[str, str]:
    result: dict[str, str] = {}
    for name in TEMPLATES:
        sop = load_sop(ROOT / "templates" / "sop" / f"{name}.yaml")
        result[f"template/{name}.md"] = _digest(render_sop(sop, "md", status="draf"))
        result[f"template/{name}.html"] = _digest(
            render_sop(sop, "html", status="draf", approved=False)
        )
        result[f"template/{name}.approved.html"] = _digest(
            render_sop(sop, "html", status="disahkan", approved=True)
        )
    return result


def _folder_outputs(store: Store, tag: str, out: Path, whats: tuple[str, ...]) -> dict[str, str]:
    result: dict[str, str] = {}
    for what in whats:
        for fmt in ("md", "html"):
            target = out / f"{tag}-{what}-{fmt}"
            written = run_jobs(
                workshop_jobs(store, what, fmt, None), target, progress_stream=io.StringIO()
            )
            for path in written:
                rel = path.relative_to(target).as_posix()
                result[f"{tag}/{what}/{fmt}/{rel}"] = _digest(path.read_text(encoding="utf-8"))
    return result


def _demo_outputs(tmp: Path) -> dict[str, str]:
    from workshop.demo import create_demo

    create_demo(tmp / "demo", now=lambda: FROZEN)
    store = Store.open(tmp / "demo", now=lambda: FROZEN)
    return _folder_outputs(store, "demo", tmp / "out", ("sop", "buku"))


def _synth_outputs(tmp: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        synth = importlib.import_module("synth")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    synth.make_workshop(tmp / "synth", synth.Size(units=2, sops=6, steps=15))
    store = Store.open(tmp / "synth", now=lambda: FROZEN)
    return _folder_outputs(store, "synth", tmp / "out", ("sop",))


def all_outputs(tmp: Path) -> dict[str, str]:
    return {**_template_outputs(), **_demo_outputs(tmp), **_synth_outputs(tmp)}


GOLDEN_FILE = Path(__file__).with_name("test_export_golden.json")


def test_exports_are_byte_identical_to_the_golden_digests(tmp_path: Path) -> None:
    expected = json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))
    got = all_outputs(tmp_path)
    assert sorted(got) == sorted(expected)
    changed = [name for name in expected if got[name] != expected[name]]
    assert changed == []


@pytest.mark.parametrize("what", ["sop"])
def test_golden_covers_decisions_and_both_formats(what: str) -> None:
    expected = json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))
    assert any(k.startswith(f"demo/{what}/html/") for k in expected)
    assert any(k.startswith(f"synth/{what}/md/") for k in expected)
    assert sum(k.startswith("template/") for k in expected) == 3 * len(TEMPLATES)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        outputs = all_outputs(Path(d))
    GOLDEN_FILE.write_text(json.dumps(outputs, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(outputs)} digests written to {GOLDEN_FILE}")
