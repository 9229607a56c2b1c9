"""The probes of issue 17: each defect's reproduction, with wall time and peak memory.

    python3 benchmarks/hostile_probes.py [CODE_ROOT]

CODE_ROOT (default: this checkout) is put first on PYTHONPATH, so the same probes measure
another checkout's code (e.g. main before the fix). Each probe runs ``python3 -m workshop ...``
under ``/usr/bin/time -v`` with a 1 GiB address-space limit and a 30 s time limit, and prints
one Markdown table row: exit status, seconds, peak RSS (MB), what happened.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tests"))

from hostile_corpus import SECRET, build, sop_text  # noqa: E402

LIMIT_AS = 1024**3
SECONDS = 30
ORIGINAL = "asli\n"


def run(code: Path, args: list[str], cwd: Path) -> tuple[str, float, float, str, str]:
    env = dict(os.environ, PYTHONPATH=str(code))
    started = time.monotonic()
    proc = subprocess.run(
        ["/usr/bin/time", "-v", "timeout", "-s", "KILL", str(SECONDS),
         "prlimit", f"--as={LIMIT_AS}", sys.executable, "-m", "workshop", *args],
        capture_output=True, text=True, errors="replace", env=env, cwd=cwd, check=False,
    )
    seconds = time.monotonic() - started
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    status = re.search(r"Exit status: (\d+)", proc.stderr)
    code_text = status.group(1) if status else str(proc.returncode)
    if seconds >= SECONDS:
        code_text = f"hang (killed at {SECONDS} s)"
    err = proc.stderr.split("\tCommand being timed")[0]
    err = "\n".join(x for x in err.splitlines() if not x.startswith("Command "))
    return code_text, seconds, int(rss.group(1)) / 1024 if rss else 0.0, proc.stdout, err


def main() -> None:
    code = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
    root = Path(tempfile.mkdtemp(prefix="probes-"))
    try:
        items = {i.name: i.path for i in build(root / "c")}
        rows: list[str] = []

        def ws(name: str) -> Path:
            path = root / name
            subprocess.run([sys.executable, "-m", "workshop", "new", str(path)],
                           env=dict(os.environ, PYTHONPATH=str(code)), capture_output=True,
                           check=True)
            return path

        def probe(defect: str, what: str, args: list[str], note: object = "") -> None:
            status, seconds, mb, out, err = run(code, args, root)
            shown = note(out, err) if callable(note) else note
            tb = "traceback: " + err.strip().splitlines()[-1][:60] if "Traceback" in err else ""
            if not shown and not tb and (err.strip() or out.strip()):
                shown = (err.strip() or out.strip()).splitlines()[0][-70:]
            shown = shown.replace("|", "/")
            rows.append(f"| {defect} | {what} | {status} | {seconds:.1f} | {mb:.0f} | "
                        f"{'; '.join(x for x in (tb, shown) if x)} |")

        outside = root / "c" / "outside"
        w = ws("w1")
        probe("1", "import bundle with `id: /abs/ESCAPED`",
              ["import", str(w), str(items["bundle-id-absolute"])])
        probe("1", "then export --format yaml", ["export", str(w), "--format", "yaml",
                                                 "--out", str(root / "o1")],
              lambda o, e: f"outside/ESCAPED.yaml written: {(outside / 'ESCAPED.yaml').exists()}")
        probe("2", "import alias-bomb workshop.yaml",
              ["import", str(ws("w2")), str(items["bundle-alias-bomb"])])
        good = ws("w3")
        (root / "s.yaml").write_text(sop_text(), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "workshop", "import", str(good), "s.yaml",
                        "--unit", "Dinas A"], env=dict(os.environ, PYTHONPATH=str(code)),
                       cwd=root, capture_output=True, check=True)
        target = root / "target.txt"
        target.write_text(ORIGINAL)
        (root / "o3").mkdir()
        (root / "o3" / "workshop.yaml").symlink_to(target)
        probe("3", "export yaml, `--out` holds a symlink",
              ["export", str(good), "--format", "yaml", "--out", str(root / "o3")],
              lambda o, e: f"link target overwritten: {target.read_text() != ORIGINAL}")
        (root / "o3b").mkdir()
        (root / "o3b" / "dinas-a").mkdir()
        (root / "o3b" / "dinas-a" / "pengelolaan-berkas.md").symlink_to(target)
        probe("3/7", "export md, `--out` holds a symlink",
              ["export", str(good), "--out", str(root / "o3b")])
        probe("4", "import bundle with `file: ../../x`",
              ["import", str(ws("w4")), str(items["bundle-file-dotdot"])],
              lambda o, e: f"secret echoed: {'RAHASIA' in o + e}")
        probe("4", "import bundle with symlinked SOP file",
              ["import", str(ws("w4b")), str(items["bundle-file-symlink"])],
              lambda o, e: f"secret echoed: {'RAHASIA' in o + e}")
        probe("5", "import bundle nested 990 levels",
              ["import", str(ws("w5")), str(items["bundle-deep"])])
        probe("5", "check workshop with a unit nested 100,000 levels",
              ["check", str(items["workshop-deep-unit"])])
        probe("5", "import SOP into another unit of that workshop",
              ["import", str(items["workshop-deep-unit"]), "s.yaml", "--unit", "Dinas Lain"])
        probe("6", "import 100 x one 1.9 MB SOP",
              ["import", str(ws("w6")), str(items["bundle-amplified"])],
              lambda o, e: f"unit file {_size(root / 'w6' / 'units')}")
        (root / "afile").write_text("x")
        probe("7", "export yaml, `--out` is a file",
              ["export", str(good), "--format", "yaml", "--out", str(root / "afile")])
        probe("7", "export yaml, `--out` parent is a file",
              ["export", str(good), "--format", "yaml", "--out", str(root / "afile" / "x")])
        probe("7", "check workshop whose unit file is a folder",
              ["check", str(items["workshop-unit-is-folder"])])
        probe("7", "import SOP into another unit of that workshop",
              ["import", str(items["workshop-unit-is-folder"]), "s.yaml", "--unit", "Dinas L"])
        probe("8", "import bundle with ESC/BEL in names",
              ["import", str(ws("w8")), str(items["bundle-escapes"])],
              lambda o, e: f"control chars printed: {_controls(o + e)}")
        probe("8", "import SOP with ESC/BEL/CSI in title",
              ["import", str(ws("w8b")), str(items["sop-escapes.yaml"]), "--unit", "A"],
              lambda o, e: f"control chars printed: {_controls(o + e)}")
        probe("9", "check a FIFO", ["check", str(items["fifo.yaml"])])
        probe("9", "check a folder holding a FIFO", ["check", str(items["folder-with-fifo"])])
        probe("9", "import bundle whose unit.yaml is a FIFO",
              ["import", str(ws("w9")), str(items["bundle-fifo-unit"])])
        probe("11", "check /dev/zero", ["check", str(items["dev-zero.yaml"])],
              lambda o, e: (o + e).strip().splitlines()[1][:60] if o.count("\n") > 1 else "")
        probe("11", "import bundle with symlink-loop unit.yaml",
              ["import", str(ws("w11")), str(items["bundle-unit-loop"])])
        w10 = ws("w10")
        (w10 / "backups" / "00001_20180710T090000_setengah" / "units").mkdir(parents=True)
        stale = w10 / ".workshop.json.999999.0badc0de.tmp"
        stale.write_text("{")
        probe("10", "Store.open (via check) with a half-made backup + stale temp",
              ["check", str(w10)],
              lambda o, e: f"left: {len(list((w10 / 'backups').iterdir()))} backup folder(s), "
                           f"temp file {stale.exists()}")
        print("| defect | probe | exit | s | peak MB | result |")
        print("|---|---|---|---|---|---|")
        print("\n".join(rows))
        assert SECRET
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _size(folder: Path) -> str:
    total = sum(p.stat().st_size for p in folder.glob("*.json")) if folder.is_dir() else 0
    return f"{total / 1e6:.0f} MB"


def _controls(text: str) -> int:
    return len(re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text))


if __name__ == "__main__":
    main()
