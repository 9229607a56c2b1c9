"""What the export screen does, without any widget: the request, its jobs, folder checks, zips.

Kept free of Textual so it can be reasoned about (and tested) on its own. The files themselves
are made by :mod:`workshop.exporting` (``workshop_jobs``/``run_jobs``), the same code as the
``sop-workshop export`` command, so the app and the command write identical files.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workshop import documents, portable
from workshop.exporting import ExportFailed, Job, workshop_jobs
from workshop.store import FACILITATOR

if TYPE_CHECKING:
    from workshop.store import Store

BUNDLE = "bundel"
BUNDLE_FOLDER = "bundel"

BUNDLE_LABEL = "Bundel seluruh workshop (YAML)"
# From the one declaration of the formats (workshop.documents.FORMATS).
FORMATS: tuple[tuple[str, str], ...] = tuple((f.key, f.label) for f in documents.FORMATS)
MIME = {f.key: f.mime for f in documents.FORMATS}

_FORMAT_LABEL = dict(FORMATS)


@dataclass(frozen=True)
class ExportRequest:
    """One export: what, in which format, for which units (``None``: every unit), where."""

    what: str
    fmt: str
    units: tuple[str, ...] | None
    out: Path


def is_participant(store: Store) -> bool:
    """A unit-scoped store (a participant's browser tab) may export its own unit only."""
    return store.scope != FACILITATOR


def whats() -> list[tuple[str, str]]:
    """(value, label) in the order the screen offers them: the documents, then the bundle
    (from ``workshop.documents``, read when asked)."""
    return [*((d.key, d.label) for d in documents.DOCUMENTS), (BUNDLE, BUNDLE_LABEL)]


def unit_whats() -> frozenset[str]:
    """Kinds whose files are made per unit: the unit selection applies to these only."""
    return frozenset(d.key for d in documents.DOCUMENTS if d.per_unit)


def whats_for(store: Store) -> list[tuple[str, str]]:
    """The kinds of export offered to this store's user."""
    if is_participant(store):
        return [(value, label) for value, label in whats() if value in unit_whats()]
    return whats()


def formats_for(what: str) -> list[tuple[str, str]]:
    """The formats that exist for ``what``: YAML is an SOP file or the whole bundle."""
    if what == BUNDLE:
        return [("yaml", _FORMAT_LABEL["yaml"])]
    if what == "sop":
        return list(FORMATS)
    return [(value, label) for value, label in FORMATS if value != "yaml"]


def uses_units(what: str) -> bool:
    return what in unit_whats()


def default_folder(workshop: Path) -> Path:
    return workshop / "exports"


def resolve_folder(text: str, workshop: Path) -> Path:
    """The folder typed by the user; a relative path is taken from the workshop folder."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else workshop / path


def folder_problem(out: Path) -> str | None:
    """Why ``out`` cannot take the export (an Indonesian sentence), or ``None`` when it can."""
    if out.exists():
        if not out.is_dir():
            return f"{out} adalah berkas, bukan folder. Pilih folder lain."
        if not portable.folder_writable(out):
            return f"Folder {out} tidak dapat ditulisi (tidak ada izin menulis)."
        return None
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return f"Folder {out} tidak dapat dibuat: {parent} adalah berkas, bukan folder."
    if not portable.folder_writable(parent):
        return f"Folder {out} tidak dapat dibuat: tidak ada izin menulis di {parent}."
    return None


def check_request(store: Store, request: ExportRequest) -> None:
    """Refuse a request this user may not make or that makes no file (ExportFailed)."""
    labels = dict(whats())
    if request.what not in labels:
        raise ExportFailed(f"Jenis ekspor '{request.what}' tidak dikenal.")
    if request.fmt not in dict(formats_for(request.what)):
        allowed = ", ".join(label for _, label in formats_for(request.what))
        raise ExportFailed(
            f"{labels[request.what]} tidak dapat diekspor sebagai "
            f"{_FORMAT_LABEL.get(request.fmt, request.fmt)}. Pilih: {allowed}."
        )
    if is_participant(store):
        if request.what not in unit_whats():
            raise ExportFailed("Peserta hanya dapat mengekspor dokumen unitnya sendiri.")
        if request.units is not None and set(request.units) - {store.scope}:
            raise ExportFailed(
                f"Anda masuk sebagai unit '{store.scope}' dan hanya dapat mengekspor unit itu."
            )
    if uses_units(request.what) and request.units is not None and not request.units:
        raise ExportFailed("Pilih minimal satu unit.")


def plan_jobs(store: Store, request: ExportRequest) -> list[Job]:
    """The files of ``request`` (none for the bundle, which is written by the bundle module)."""
    check_request(store, request)
    if request.what == BUNDLE:
        return []
    if is_participant(store):
        return workshop_jobs(store, request.what, request.fmt, store.scope)
    if request.units is None or not uses_units(request.what):
        return workshop_jobs(store, request.what, request.fmt, None)
    jobs: list[Job] = []
    for slug in request.units:
        jobs += workshop_jobs(store, request.what, request.fmt, slug)
    return jobs


def preview_jobs(store: Store, request: ExportRequest) -> list[Job]:
    """The same files as Markdown, in the same order (the preview of HTML/YAML shows these)."""
    if request.what == BUNDLE:
        return []
    return plan_jobs(store, replace(request, fmt="md"))


def job_label(job: Job) -> str:
    """The file's path inside the output folder, as the list shows it."""
    return "/".join(job.parts)


def zip_bytes(files: Sequence[tuple[str, str | bytes]]) -> bytes:
    """(path inside the archive, content) pairs as one .zip archive (text as UTF-8)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content if isinstance(content, bytes)
                             else content.encode("utf-8"))
    return buffer.getvalue()


def bundle_files(store: Store) -> list[tuple[str, str | bytes]]:
    """The whole workshop bundle as (path, text) pairs (the logo as bytes), made in a temporary
    folder."""
    from workshop.bundle import export_bundle

    with tempfile.TemporaryDirectory(prefix="sop-workshop-bundle-") as tmp:
        root = Path(tmp) / BUNDLE_FOLDER
        written = export_bundle(store, root)
        return [(f"{BUNDLE_FOLDER}/{path.relative_to(root).as_posix()}",
                 path.read_text(encoding="utf-8") if path.suffix == ".yaml"
                 else path.read_bytes()) for path in written]


def download_name(request: ExportRequest, files: Sequence[tuple[str, str | bytes]]) -> str:
    """The name of the download: the file itself when there is one, else a .zip."""
    if len(files) == 1:
        return files[0][0].rsplit("/", 1)[-1]
    return f"ekspor-{request.what}-{request.fmt}.zip"


def written_summary(count: int, out: Path) -> str:
    return f"{count} berkas ditulis ke {out}."


def delivered_summary(count: int, name: str) -> str:
    return f"{count} berkas dikirim sebagai unduhan {name}."
