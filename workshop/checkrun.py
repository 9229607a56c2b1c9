"""``sop-workshop check``: check SOP files, folders of them, and workshop folders.

- A file is read with ``sopfile.load_sop``; one that cannot be read gives an unreadable result
  with one "read-error" finding at the line the reader names.
- A folder is searched recursively for ``*.yaml`` / ``*.yml`` (sorted). A folder that holds a
  ``workshop.json`` is a workshop: every SOP of every unit is checked through
  ``workshop.store`` (retired SOPs, status "dicabut", are skipped). A workshop's results are
  named ``<folder>/units/<unit>.json#<SOP title>``.
- ``related`` titles are looked up among the SOPs of the same run: for a workshop, the SOPs of
  that workshop; for files, all SOP files of the run (only when the run has a folder or more
  than one file: a single file has nothing to compare with).
- A path that does not exist, and a folder without SOP files, are unreadable results
  ("berkas tidak ditemukan"; codes "not-found", "no-sop-files").

Exit status: 0 no errors, 1 any error, 2 any unreadable input.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from workshop.model import Sop
from workshop.pedoman import PedomanError, load_pedoman
from workshop.regulations import RegisterError, load_register
from workshop.rules import ERROR, SEVERITY_LABELS, WARNING, Finding, check_sop
from workshop.sopfile import SopFileError, load_sop
from workshop.status import is_retired

SOP_SUFFIXES: Final = (".yaml", ".yml")
WORKSHOP_MARKER: Final = "workshop.json"
JSON_KEYS: Final = ("file", "line", "step", "field", "severity", "code", "principle", "message")


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    unreadable: bool = False


def _unreadable(
    path: str, message: str, line: int | None = None, code: str = "read-error"
) -> FileResult:
    return FileResult(path, [Finding(ERROR, code, message, None, line=line)], unreadable=True)


@dataclass
class _Loaded:
    path: str
    sop: Sop


def _is_workshop(folder: Path) -> bool:
    return (folder / WORKSHOP_MARKER).is_file()


def _scan(folder: Path) -> tuple[list[Path], list[Path]]:
    """SOP files and workshop folders under ``folder``, in sorted path order."""
    files: list[Path] = []
    workshops: list[Path] = []
    for root, dirs, names in os.walk(folder):
        here = Path(root)
        if here != folder and _is_workshop(here):
            workshops.append(here)
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(
            here / n for n in names if n.lower().endswith(SOP_SUFFIXES) and not n.startswith(".")
        )
    return sorted(files), sorted(workshops)


def _safe_check(path: str, sop: Sop, known_titles: list[str] | None) -> FileResult:
    try:
        return FileResult(path, check_sop(sop, known_titles=known_titles))
    except Exception as exc:  # a defect in a check must not become a traceback for the user
        return FileResult(
            path,
            [Finding(ERROR, "check-failed", f"pemeriksaan gagal dijalankan: {exc}", None)],
        )


def _check_workshop(folder: Path) -> list[FileResult]:
    try:
        from workshop.store import Store, StoreError
    except ImportError:
        return [_unreadable(str(folder), "pemeriksaan folder workshop belum tersedia di versi ini")]
    try:
        store = Store.open(folder)
        units = store.units()
    except StoreError as exc:
        return [_unreadable(str(folder), exc.message)]
    loaded: list[_Loaded] = []
    results: list[FileResult] = []
    for unit in units:
        unit_file = folder / "units" / f"{unit.slug}.json"
        try:
            records = store.sops(unit.slug)
        except StoreError as exc:
            results.append(_unreadable(str(unit_file), exc.message))
            continue
        for record in records:
            if is_retired(record.status):
                continue
            loaded.append(_Loaded(f"{unit_file}#{record.sop.title or record.id}", record.sop))
    titles = [item.sop.title for item in loaded]
    return results + [_safe_check(item.path, item.sop, titles) for item in loaded]


def check_paths(paths: Sequence[Path]) -> list[FileResult]:
    """Check every SOP named by ``paths`` (files, folders, workshop folders), in order."""
    try:
        load_pedoman()
    except PedomanError as exc:  # without the guideline nothing can be checked
        return [_unreadable(exc.path, exc.message, exc.line, code="pedoman-error")]
    try:
        load_register()
    except RegisterError as exc:  # the shipped register of regulations is damaged
        return [_unreadable("regulasi.yaml", str(exc), None, code="register-error")]
    # First pass: read the files, so that `related` can be checked against all of them.
    slots: list[FileResult | _Loaded | list[FileResult]] = []
    any_folder = False
    for path in paths:
        p = Path(path)
        if not os.path.lexists(p):  # a broken or looping symlink is read (and named) below
            slots.append(_unreadable(str(p), "berkas tidak ditemukan", code="not-found"))
        elif p.is_dir():
            any_folder = True
            if _is_workshop(p):
                slots.append(_check_workshop(p))
                continue
            files, workshops = _scan(p)
            if not files and not workshops:
                slots.append(
                    _unreadable(
                        str(p),
                        "folder ini tidak berisi berkas SOP (.yaml atau .yml)",
                        code="no-sop-files",
                    )
                )
            slots.extend(_load(f) for f in files)
            slots.extend(_check_workshop(w) for w in workshops)
        else:
            slots.append(_load(p))
    loaded = [s for s in slots if isinstance(s, _Loaded)]
    known: list[str] | None = None
    if any_folder or len(loaded) > 1:
        known = [item.sop.title for item in loaded]
    results: list[FileResult] = []
    for slot in slots:
        if isinstance(slot, _Loaded):
            results.append(_safe_check(slot.path, slot.sop, known))
        elif isinstance(slot, list):
            results.extend(slot)
        else:
            results.append(slot)
    return results


def _load(path: Path) -> FileResult | _Loaded:
    try:
        return _Loaded(str(path), load_sop(path))
    except SopFileError as exc:
        return _unreadable(str(path), exc.message, exc.line)


def results_to_json(results: Sequence[FileResult]) -> list[dict[str, Any]]:
    """One object per finding, keys exactly ``JSON_KEYS``; files without findings are absent."""
    return [
        {
            "file": r.path,
            "line": f.line,
            "step": f.step,
            "field": f.field,
            "severity": f.severity,
            "code": f.code,
            "principle": f.principle,
            "message": f.message,
        }
        for r in results
        for f in r.findings
    ]


_SEVERITY_LABEL: Final = {key: word.upper() for key, word in SEVERITY_LABELS.items()}


def _finding_line(f: Finding) -> str:
    place = ", ".join(
        part
        for part in (
            f"baris {f.line}" if f.line is not None else "",
            f"langkah {f.step}" if f.step is not None else "",
        )
        if part
    )
    head = _SEVERITY_LABEL.get(f.severity, f.severity.upper())
    if place:
        head += f" {place}"
    tail = f"prinsip: {f.principle}; kode: {f.code}" if f.principle else f"kode: {f.code}"
    return f"  {head}: {f.message} ({tail})"


def _counts(findings: Sequence[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity == ERROR)
    return errors, len(findings) - errors


def results_to_text(results: Sequence[FileResult]) -> str:
    """Readable report: one block per file, then an Indonesian summary line."""
    lines: list[str] = []
    for r in results:
        errors, warnings = _counts(r.findings)
        if r.unreadable:
            status = "tidak terbaca"
        elif not r.findings:
            status = "tidak ada temuan"
        else:
            status = ", ".join(
                part
                for part in (
                    f"{errors} {SEVERITY_LABELS[ERROR]}" if errors else "",
                    f"{warnings} {SEVERITY_LABELS[WARNING]}" if warnings else "",
                )
                if part
            )
        lines.append(f"{r.path}: {status}")
        lines.extend(_finding_line(f) for f in r.findings)
    unreadable = sum(1 for r in results if r.unreadable)
    checked = len(results) - unreadable
    errors, warnings = _counts([f for r in results if not r.unreadable for f in r.findings])
    summary = f"Ringkasan: {checked} SOP diperiksa"
    if errors or warnings:
        summary += f", {errors} {SEVERITY_LABELS[ERROR]}, {warnings} {SEVERITY_LABELS[WARNING]}"
    elif checked:
        summary += f", tidak ada {SEVERITY_LABELS[ERROR]} maupun {SEVERITY_LABELS[WARNING]}"
    if unreadable:
        summary += f"; {unreadable} tidak dapat diperiksa"
    if lines:
        lines.append("")
    lines.append(summary + ".")
    return "\n".join(lines)


def exit_status(results: Sequence[FileResult]) -> int:
    """0 when no errors, 1 when any error, 2 when any input could not be read."""
    if any(r.unreadable for r in results):
        return 2
    if any(f.severity == ERROR for r in results for f in r.findings):
        return 1
    return 0
