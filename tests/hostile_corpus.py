"""Hostile inputs for the command line (issue 17), built by script into a folder.

Nothing here is a committed binary: FIFOs, symlinks, alias bombs, deep nesting and huge bundles
are made on demand by :func:`build`. Each :class:`Item` says what it is (an SOP file, a bundle
folder, a workshop folder), which defect of issue 17 it reproduces, and which exit codes the
commands reading it may end with. ``tests/test_hostile.py`` runs every command on every item;
``python3 tests/hostile_corpus.py DIR`` builds the corpus into DIR (for probes by hand).

Layout under the root::

    outside/               files a hostile item points at: must never be read out or written
    items/<name>...        the items
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

SECRET = "RAHASIA_DI_LUAR_BUNDEL: jangan-dibaca"

SOP = """format: sop-ap/1
title: {title}
actors: [Petugas]
steps:
  - activity: Menerima berkas
    actor: Petugas
    kind: start
    time: 5 menit
  - activity: Mengarsipkan berkas
    actor: Petugas
    kind: end
    time: 5 menit
"""


@dataclass(frozen=True)
class Item:
    name: str
    kind: str  # "sop" (a file), "bundle" (a bundle folder), "workshop" (a workshop folder)
    path: Path
    defect: str  # the numbered defect of issue 17 it reproduces
    refused: bool = True  # reading it must fail (exit 1 or 2); False: it may be fine (exit 0)
    refused_by: tuple[str, ...] = ()  # a workshop: the commands that must refuse (else all)


def sop_text(title: str = "Pengelolaan Berkas") -> str:
    return SOP.format(title=title)


def _workshop_yaml(units: list[tuple[str, str]], extra: str = "") -> str:
    lines = ["format: sop-workshop-bundle/1", "event:", "  title: Bundel", "units:"]
    for slug, name in units:
        lines += [f"- slug: {json.dumps(slug)}", f"  name: {json.dumps(name)}"]
    return "\n".join(lines) + "\n" + extra


def _unit_yaml(slug: str, entries: list[tuple[str, str]]) -> str:
    lines = ["format: sop-workshop-unit/1", f"unit: {json.dumps(slug)}", "sops:"]
    for sop_id, file in entries:
        lines += [f"- id: {json.dumps(sop_id)}", f"  file: {json.dumps(file)}"]
    return "\n".join(lines) + "\n"


def bundle(folder: Path, entries: list[tuple[str, str]], *, slug: str = "dinas-a",
           name: str = "Dinas A", sops: dict[str, str] | None = None) -> Path:
    """A small bundle: one unit, its ``unit.yaml`` listing ``entries`` (id, file)."""
    (folder / slug).mkdir(parents=True, exist_ok=True)
    (folder / "workshop.yaml").write_text(_workshop_yaml([(slug, name)]), encoding="utf-8")
    (folder / slug / "unit.yaml").write_text(_unit_yaml(slug, entries), encoding="utf-8")
    for file, text in (sops or {}).items():
        (folder / slug / file).write_text(text, encoding="utf-8")
    return folder


def alias_bomb(levels: int = 9) -> str:
    """Each level a list of nine aliases of the one before: 9**levels strings when expanded."""
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def _workshop(path: Path, units: list[str]) -> object:
    from workshop.sopfile import loads_sop
    from workshop.store import Store

    store = Store.create(path, "Workshop")
    for name in units:
        unit = store.add_unit(name)
        store.add_sop(unit.slug, loads_sop(sop_text(f"SOP {name}")))
    return store


def build(root: Path) -> list[Item]:
    """Make every hostile item under ``root`` (an empty folder); returns them."""
    outside = root / "outside"
    outside.mkdir(parents=True)
    secret = outside / "rahasia.yaml"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    items_dir = root / "items"
    items_dir.mkdir()
    items: list[Item] = []

    def add(name: str, kind: str, defect: str, refused: bool = True,
            refused_by: tuple[str, ...] = ()) -> Path:
        path = items_dir / name
        items.append(Item(name, kind, path, defect, refused, refused_by))
        return path

    good = {"sop-001.yaml": sop_text()}
    # 1. ids that are paths
    bundle(add("bundle-id-absolute", "bundle", "1"),
           [(str(outside / "ESCAPED"), "sop-001.yaml")], sops=good)
    bundle(add("bundle-id-dotdot", "bundle", "1"), [("../../ESCAPED", "sop-001.yaml")],
           sops=good)
    bundle(add("bundle-slug-dotdot", "bundle", "1"), [], slug="../ESCAPED")
    # 2. alias bombs
    b = bundle(add("bundle-alias-bomb", "bundle", "2"), [])
    (b / "workshop.yaml").write_text(_workshop_yaml([("dinas-a", "Dinas A")],
                                                    "bom:\n" + _indent(alias_bomb())))
    b = bundle(add("bundle-unit-alias-bomb", "bundle", "2"), [])
    (b / "dinas-a" / "unit.yaml").write_text(
        _unit_yaml("dinas-a", []) + "bom:\n" + _indent(alias_bomb()), encoding="utf-8")
    # 4. files outside the bundle
    bundle(add("bundle-file-dotdot", "bundle", "4"),
           [("sop-001", "../../../outside/rahasia.yaml")])
    bundle(add("bundle-file-absolute", "bundle", "4"), [("sop-001", str(secret))])
    b = bundle(add("bundle-file-symlink", "bundle", "4"), [("sop-001", "sop-001.yaml")])
    (b / "dinas-a" / "sop-001.yaml").symlink_to(secret)
    b = bundle(add("bundle-unit-folder-symlink", "bundle", "4"), [], slug="dinas-b")
    for child in (b / "dinas-b").iterdir():
        child.unlink()
    (b / "dinas-b").rmdir()
    (outside / "unit-folder").mkdir()
    (outside / "unit-folder" / "unit.yaml").write_text(
        _unit_yaml("dinas-b", [("sop-001", "sop-001.yaml")]), encoding="utf-8")
    (outside / "unit-folder" / "sop-001.yaml").write_text(sop_text(json.dumps(SECRET)),
                                                              encoding="utf-8")
    (b / "dinas-b").symlink_to(outside / "unit-folder")
    # 5. deep nesting
    b = bundle(add("bundle-deep", "bundle", "5"), [])
    (b / "workshop.yaml").write_text(
        _workshop_yaml([("dinas-a", "Dinas A")], "dalam: " + "[" * 990 + "]" * 990 + "\n"))
    # 6. amplification: one 1.9 MB SOP named 100 times
    big = sop_text("Besar").replace("    time: 5 menit\n", "    note: " + "x" * 1_900_000 + "\n", 1)
    bundle(add("bundle-amplified", "bundle", "6"),
           [(f"sop-{i:03d}", "besar.yaml") for i in range(1, 101)], sops={"besar.yaml": big})
    # 8. control characters in names and titles (a valid bundle: may be imported)
    bundle(add("bundle-escapes", "bundle", "8", refused=False), [("sop-001", "sop-001.yaml")],
           name="Dinas \x1b]0;DIRETAS\x07\x1b[2J A",
           sops={"sop-001.yaml": sop_text('"Surat \\e]0;judul\\a\\e[2J Masuk"')})
    add("sop-escapes.yaml", "sop", "8", refused=False).write_text(
        sop_text('"Surat \\e]0;judul\\a\\e[2J\\x9b31m Masuk"'), encoding="utf-8")
    # 9. FIFOs and devices
    os.mkfifo(add("fifo.yaml", "sop", "9"))
    b = bundle(add("bundle-fifo-unit", "bundle", "9"), [])
    (b / "dinas-a" / "unit.yaml").unlink()
    os.mkfifo(b / "dinas-a" / "unit.yaml")
    b = bundle(add("bundle-fifo-sop", "bundle", "9"), [("sop-001", "sop-001.yaml")])
    os.mkfifo(b / "dinas-a" / "sop-001.yaml")
    folder = add("folder-with-fifo", "sop", "9")
    folder.mkdir()
    os.mkfifo(folder / "antrean.yaml")
    add("dev-zero.yaml", "sop", "11").symlink_to("/dev/zero")
    # 11. symlink loops
    loop = add("loop.yaml", "sop", "11")
    loop.symlink_to(items_dir / "loop-2.yaml")
    (items_dir / "loop-2.yaml").symlink_to(loop)
    b = bundle(add("bundle-unit-loop", "bundle", "11"), [])
    (b / "dinas-a" / "unit.yaml").unlink()
    (b / "dinas-a" / "unit.yaml").symlink_to(b / "dinas-a" / "unit-2.yaml")
    (b / "dinas-a" / "unit-2.yaml").symlink_to(b / "dinas-a" / "unit.yaml")
    # Workshop folders with one damaged unit (5, 7) and an id that is a path (1).
    w = add("workshop-deep-unit", "workshop", "5")
    _workshop(w, ["Dinas Rusak", "Dinas Baik"])
    (w / "units" / "dinas-rusak.json").write_text("[" * 100_000 + "]" * 100_000)
    w = add("workshop-unit-is-folder", "workshop", "7")
    _workshop(w, ["Dinas Rusak", "Dinas Baik"])
    (w / "units" / "dinas-rusak.json").unlink()
    (w / "units" / "dinas-rusak.json").mkdir()
    w = add("workshop-id-path", "workshop", "1", refused_by=("yaml",))  # ids name bundle files
    _workshop(w, ["Dinas A"])
    unit_file = w / "units" / "dinas-a.json"
    data = json.loads(unit_file.read_text(encoding="utf-8"))
    for doc in data["sops"].values():
        doc["id"] = "../../../outside/ESCAPED"
    unit_file.write_text(json.dumps(data), encoding="utf-8")
    return items


def _indent(text: str) -> str:
    return "".join("  " + line + "\n" for line in text.splitlines())


def tree(root: Path) -> set[str]:
    """Every path under ``root`` (files, folders, links; links not followed), relative."""
    found: set[str] = set()
    for here, dirs, files in os.walk(root):
        for name in dirs + files:
            found.add(os.path.relpath(os.path.join(here, name), root))
    return found


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    for item in build(Path(sys.argv[1])):
        print(f"{item.defect:>3} {item.kind:9} {item.path}")
