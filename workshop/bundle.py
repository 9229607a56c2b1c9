"""A whole workshop as a folder of YAML files (a bundle), and back.

Layout (DESIGN.md "Exports")::

    bundle/
      workshop.yaml            event, units (with PIN hashes, readiness), members, sessions, votes,
                               the document settings (when set)
      logo-kop.png|.jpg        the documents' logo (when set; a fixed name, see workshop.logo)
      <unit-slug>/unit.yaml    needs rows, existing SOPs, per SOP: status, reviews, trials,
                               implementation, monitoring, evaluations, earlier versions
      <unit-slug>/<sop-id>.yaml  the current version of each SOP, plain ``sop-ap/1``

The activity log is not part of a bundle (importing writes its own log entries), so
export -> import into a new folder -> export gives byte-identical files.

A bundle may come from anywhere, so reading one trusts nothing (issue 17): the YAML files go
through the SOP reader's composer under the bundle limits of ``workshop/limits.py`` (size,
nodes, depth; no aliases), unit slugs and record ids must be slugs (``names.is_safe_name``),
a ``file:`` is a plain name in the unit's folder, nothing is read through a symlink or from
outside the bundle folder, only regular files are read, and the SOPs one bundle brings are
bounded in number and bytes. The logo is checked as ``Store.set_logo`` checks it (PNG/JPEG
by content, size limits, a fixed name, no symlink) before anything is stored. Exports write
through ``writing.run_jobs`` (the one atomic writer, which refuses symlinks and paths outside
``out``).
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import yaml

from workshop import limits
from workshop.docsettings import PAPERS, DocumentSettings, find_paper
from workshop.logo import LOGO_FILES, LogoError, read_logo
from workshop.model import (
    Event,
    ExistingSop,
    Member,
    NeedRow,
    Session,
    Sop,
    SopRecord,
    Unit,
    Vote,
)
from workshop.names import is_safe_name, unsafe_name_message
from workshop.store import Store, decode, encode

if TYPE_CHECKING:
    from workshop.writing import Job

BUNDLE_FORMAT: Final = "sop-workshop-bundle/1"
UNIT_FORMAT: Final = "sop-workshop-unit/1"
WORKSHOP_YAML: Final = "workshop.yaml"
UNIT_YAML: Final = "unit.yaml"


@dataclass
class ImportReport:
    """What an import did; ``messages`` and ``errors`` are lines in Bahasa Indonesia."""

    created_units: list[str] = field(default_factory=list)
    merged_units: list[str] = field(default_factory=list)
    sops_added: int = 0
    skipped: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class BundleError(Exception):
    """A bundle file cannot be read; ``str(e)`` names the file (and line) in Indonesian."""


def is_bundle(path: Path) -> bool:
    return (Path(path) / WORKSHOP_YAML).is_file()


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


# The C implementation of the *safe* dumper when PyYAML has it (10x faster on a province-size
# bundle); same YAML as yaml.safe_dump, but never an alias (readers refuse aliases).
class _SafeDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    text: str = yaml.dump(
        data,
        Dumper=_SafeDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return text


def _record_entry(record: SopRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"id": record.id, "file": f"{record.id}.yaml"}
    for key, value in encode(record).items():
        if key not in ("id", "sop"):
            data[key] = value
    return data


def _checked_name(name: str, what: str) -> str:
    """``name`` when it is a safe slug; else the export stops (a hand-edited store)."""
    if not is_safe_name(name):
        from workshop.writing import ExportFailed

        raise ExportFailed(f"Ekspor bundel dihentikan: {unsafe_name_message(name, what)}.")
    return name


def export_bundle(store: Store, out: Path) -> list[Path]:
    """Write the whole workshop as a bundle into ``out``; returns the files written.

    Every name that becomes a path is checked again here; files are written by
    ``writing.run_jobs``. Raises ``writing.ExportFailed`` (an Indonesian message).
    """
    from workshop.writing import run_jobs

    return run_jobs(bundle_jobs(store, with_logo=True), Path(out), workers=1)


def bundle_jobs(store: Store, units: Collection[str] | None = None, *,
                with_logo: bool = False) -> list[Job]:
    """The files of the bundle as write jobs (folder parts, text): ``workshop.yaml`` and,
    for every unit (or only the slugs in ``units``), its ``unit.yaml`` and SOP files;
    ``with_logo``: also the documents' logo (bytes; without it, ``workshop.yaml`` names no
    logo, so the files stay texts and still read as a whole bundle).

    ``export_bundle`` writes them; the sync (``workshop/sync``) makes git blobs of the same
    texts, so a synced repository holds byte for byte what an export writes (the logo is not
    synced).
    """
    from workshop.sopfile import dumps_sop
    from workshop.writing import Job

    jobs: list[Job] = []

    def add(parts: tuple[str, ...], make: Callable[[], str | bytes]) -> None:
        jobs.append(Job(parts, make))

    only = None if units is None else set(units)
    all_units = store.units()
    workshop = {
        "format": BUNDLE_FORMAT,
        "event": encode(store.event()),
        "units": encode(all_units),
        "members": encode(store.members()),
        "sessions": encode(store.sessions()),
        "votes": encode(store.votes()),
    }
    settings = store.document_settings()
    logo, _warning = store.logo_file() if with_logo else (None, "")
    if logo is None:  # a missing or damaged logo is not carried (the export says so elsewhere)
        settings = dataclasses.replace(settings, logo="")
    if settings != DocumentSettings():
        workshop["documents"] = encode(settings)
    text = _dump(workshop)
    add((WORKSHOP_YAML,), lambda: text)
    if logo is not None:
        data, _image = read_logo(logo)
        add((settings.logo,), lambda: data)
    for unit in all_units:
        slug = _checked_name(unit.slug, "Slug unit")
        if only is not None and slug not in only:
            continue
        records = store.sops(slug)
        unit_data = {
            "format": UNIT_FORMAT,
            "unit": unit.slug,
            "needs": encode(store.needs(unit.slug)),
            "existing": encode(store.existing_sops(unit.slug)),
            "sops": [_record_entry(r) for r in records],
        }
        unit_text = _dump(unit_data)
        add((slug, UNIT_YAML), lambda t=unit_text: t)  # type: ignore[misc]
        for record in records:
            name = _checked_name(record.id, f"Id SOP di unit {slug}") + ".yaml"
            add((slug, name), lambda s=record.sop: dumps_sop(s))  # type: ignore[misc]
    return jobs


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------


def _load_yaml(path: Path, expected_format: str) -> dict[str, Any]:
    """A bundle's YAML file under the bundle limits (see ``sopfile.load_yaml_data``)."""
    from workshop.sopfile import SopFileError, load_yaml_data

    try:
        data = load_yaml_data(path)
    except SopFileError as e:
        raise BundleError(f"{e}.") from None
    if not isinstance(data, dict) or data.get("format") != expected_format:
        raise BundleError(f"{path}: bukan berkas bundel (format: {expected_format} tidak ada).")
    return data


class _Budget:
    """The bytes and SOPs one bundle may bring (``workshop/limits.py``), counted before reading."""

    def __init__(self) -> None:
        self.total = 0

    def take(self, path: Path, size: int, unit_bytes: int) -> None:
        self.total += size
        if unit_bytes > limits.BUNDLE_MAX_UNIT_BYTES:
            raise BundleError(
                f"{path}: berkas SOP unit ini bersama-sama lebih dari "
                f"{limits.BUNDLE_MAX_UNIT_BYTES // limits.MB} MB; bundel ini tidak diimpor "
                "(batas satu unit)."
            )
        if self.total > limits.BUNDLE_MAX_BYTES:
            raise BundleError(
                f"{path}: berkas bundel ini bersama-sama lebih dari "
                f"{limits.BUNDLE_MAX_BYTES // limits.MB} MB; bundel ini tidak diimpor "
                "(batas satu bundel)."
            )


def _size_inside(root: Path, path: Path) -> int:
    """The size of ``path``, a regular file (not a symlink) inside ``root``; else BundleError.

    Only stats: the budget is checked before anything big is read.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise BundleError(f"{path}: berkas tidak ditemukan; periksa nama dan foldernya.") from None
    except OSError as e:
        raise BundleError(f"{path}: tidak dapat dibaca ({e.strerror or e}).") from None
    if stat.S_ISLNK(st.st_mode):
        raise BundleError(
            f"{path}: berkas ini tautan simbolik (symlink); bundel tidak boleh menunjuk ke "
            "berkas lain. Salin berkasnya ke dalam bundel."
        )
    if not _inside(root, path.parent):
        raise BundleError(f"{path}: berada di luar folder bundel; berkas ini tidak dibaca.")
    if not stat.S_ISREG(st.st_mode):
        raise BundleError(f"{path}: bukan berkas biasa; hanya berkas biasa yang dibaca.")
    return st.st_size


def _inside(root: Path, folder: Path) -> bool:
    try:
        return folder.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop on the way
        return False


def _sop_file_name(value: Any, upath: Path, index: int) -> str:
    """The ``file:`` of ``sops[index]``: a plain ``.yaml`` name in the unit's folder."""
    from workshop.export.naming import check_name

    if not isinstance(value, str):
        raise BundleError(f"{upath}: sops[{index}] harus punya 'file'.")
    try:
        check_name(value)
    except ValueError:
        raise BundleError(
            f"{upath}: sops[{index}].file '{value[:80]}' tidak sah: harus nama berkas di folder "
            "unit ini (tanpa '/', '..' atau jalur mutlak); berkas di luar bundel tidak dibaca."
        ) from None
    return value


def _decode_list(cls: type[Any], data: Any, path: Path, key: str) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise BundleError(f"{path}: '{key}' harus berupa daftar.")
    try:
        return [decode(cls, item, f"{key}[{i}]") for i, item in enumerate(data)]
    except ValueError as e:
        raise BundleError(f"{path}: {e}.") from None


@dataclass
class _UnitBundle:
    slug: str
    needs: list[NeedRow]
    existing: list[ExistingSop]
    records: list[SopRecord]


@dataclass
class _Bundle:
    event: Event
    documents: DocumentSettings
    logo: Path | None  # the checked logo file of the bundle
    units: list[Unit]
    members: list[Member]
    sessions: list[Session]
    votes: list[Vote]
    unit_data: dict[str, _UnitBundle]


def read_bundle(bundle_dir: Path) -> _Bundle:
    """Read and validate a whole bundle; raises BundleError (nothing is stored)."""
    from workshop.sopfile import SopFileError, load_sop

    root = Path(bundle_dir)
    wpath = root / WORKSHOP_YAML
    budget = _Budget()
    budget.take(wpath, _size_inside(root, wpath), 0)
    data = _load_yaml(wpath, BUNDLE_FORMAT)
    try:
        event = decode(Event, data.get("event") or {}, "event")
    except ValueError as e:
        raise BundleError(f"{wpath}: {e}.") from None
    units: list[Unit] = _decode_list(Unit, data.get("units"), wpath, "units")
    documents, logo = _read_documents(root, wpath, data.get("documents"), budget)
    bundle = _Bundle(
        event=event,
        documents=documents,
        logo=logo,
        units=units,
        members=_decode_list(Member, data.get("members"), wpath, "members"),
        sessions=_decode_list(Session, data.get("sessions"), wpath, "sessions"),
        votes=_decode_list(Vote, data.get("votes"), wpath, "votes"),
        unit_data={},
    )
    _check_references(bundle, wpath)
    for slug in documents.unit_lines:
        if slug not in {u.slug for u in units}:
            raise BundleError(f"{wpath}: documents.unit_lines menyebut unit '{slug}' yang tidak "
                              "ada.")
    for unit in units:
        folder = root / unit.slug
        upath = folder / UNIT_YAML
        if not os.path.lexists(upath):
            bundle.unit_data[unit.slug] = _UnitBundle(unit.slug, [], [], [])
            continue
        if os.path.islink(folder) or not _inside(root, folder):
            raise BundleError(
                f"{folder}: folder unit ini tautan simbolik atau berada di luar folder bundel; "
                "tidak dibaca."
            )
        budget.take(upath, _size_inside(root, upath), 0)
        udata = _load_yaml(upath, UNIT_FORMAT)
        entries = udata.get("sops") or []
        if not isinstance(entries, list):
            raise BundleError(f"{upath}: 'sops' harus berupa daftar.")
        if len(entries) > limits.BUNDLE_MAX_SOPS_PER_UNIT:
            raise BundleError(
                f"{upath}: {len(entries)} SOP dalam satu unit; batasnya "
                f"{limits.BUNDLE_MAX_SOPS_PER_UNIT}. Bundel ini tidak diimpor."
            )
        files: list[Path] = []
        ids: set[str] = set()
        unit_bytes = 0
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise BundleError(f"{upath}: sops[{i}] harus punya 'file'.")
            sop_id = entry.get("id")
            if not is_safe_name(sop_id):
                raise BundleError(f"{upath}: sops[{i}]: {unsafe_name_message(sop_id, 'id')}.")
            if sop_id in ids:
                raise BundleError(f"{upath}: sops[{i}]: id '{sop_id}' tertulis lebih dari sekali.")
            ids.add(str(sop_id))
            sop_path = folder / _sop_file_name(entry.get("file"), upath, i)
            size = _size_inside(root, sop_path)
            unit_bytes += size
            budget.take(sop_path, size, unit_bytes)
            files.append(sop_path)
        records: list[SopRecord] = []
        for i, (entry, sop_path) in enumerate(zip(entries, files, strict=True)):
            try:
                sop: Sop = load_sop(sop_path, follow_symlinks=False)
            except SopFileError as e:
                raise BundleError(str(e)) from None
            fields = {k: v for k, v in entry.items() if k != "file"}
            fields["sop"] = {}  # checked by sopfile already; set below
            try:
                record = decode(SopRecord, fields, f"sops[{i}]")
            except ValueError as e:
                raise BundleError(f"{upath}: {e}.") from None
            record.sop = sop
            records.append(record)
        bundle.unit_data[unit.slug] = _UnitBundle(
            slug=unit.slug,
            needs=_decode_list(NeedRow, udata.get("needs"), upath, "needs"),
            existing=_decode_list(ExistingSop, udata.get("existing"), upath, "existing"),
            records=records,
        )
    return bundle


def _read_documents(root: Path, wpath: Path, data: Any, budget: _Budget
                    ) -> tuple[DocumentSettings, Path | None]:
    """The document settings of ``workshop.yaml`` and the bundle's checked logo file."""
    if data is None:
        return DocumentSettings(), None
    try:
        settings = decode(DocumentSettings, data, "documents")
    except ValueError as e:
        raise BundleError(f"{wpath}: {e}.") from None
    if find_paper(settings.paper) is None:
        keys = ", ".join(p.key for p in PAPERS)
        raise BundleError(f"{wpath}: documents.paper '{settings.paper}' tidak dikenal. "
                          f"Pilihan: {keys}.")
    if not settings.logo:
        return settings, None
    if settings.logo not in LOGO_FILES.values():
        raise BundleError(f"{wpath}: documents.logo '{settings.logo[:80]}' tidak sah: harus "
                          f"salah satu dari {', '.join(LOGO_FILES.values())}.")
    path = root / settings.logo
    budget.take(path, _size_inside(root, path), 0)
    try:
        _data, image = read_logo(path)
    except LogoError as e:
        raise BundleError(f"{path}: {e}.") from None
    if image.file_name != settings.logo:
        raise BundleError(f"{path}: isinya {image.kind.upper()}, tidak cocok dengan namanya.")
    return settings, path


def _check_references(bundle: _Bundle, path: Path) -> None:
    slugs = [u.slug for u in bundle.units]
    for i, slug in enumerate(slugs):
        if not is_safe_name(slug):
            raise BundleError(f"{path}: units[{i}]: {unsafe_name_message(slug, 'slug')}.")
    for slug in slugs:
        if slugs.count(slug) > 1:
            raise BundleError(f"{path}: unit '{slug}' tertulis lebih dari sekali.")
    for i, member in enumerate(bundle.members):
        if member.unit not in slugs:
            raise BundleError(f"{path}: members[{i}] menyebut unit '{member.unit}' yang tidak ada.")
    members = {m.id: m.unit for m in bundle.members}
    for i, vote in enumerate(bundle.votes):
        if members.get(vote.member) != vote.unit:
            raise BundleError(
                f"{path}: votes[{i}] menyebut anggota '{vote.member}' yang bukan anggota unit "
                f"'{vote.unit}'."
            )


def import_bundle(
    store: Store, bundle_dir: Path, *, progress: Callable[[str], None] | None = None
) -> ImportReport:
    """Take a bundle into the workshop (facilitator only); a backup is taken first.

    Everything is read and validated before anything is stored: a file that fails to read is
    reported in ``errors`` and nothing is stored. Units that do not exist yet are created with
    their slug, PIN hash and all their records; into an existing unit, records whose id is
    already present are skipped (importing the same bundle twice changes nothing). The event
    is taken from the bundle only when the workshop has no units yet.
    """
    report = ImportReport()
    try:
        bundle = read_bundle(bundle_dir)
    except BundleError as e:
        report.errors.append(str(e))
        return report
    store.backup("sebelum impor bundel")
    member_ids: dict[str, str] = {}
    with store.batch():  # workshop.json: locked and written once
        take_settings = not store.units()
        if take_settings:
            store.update_event(**vars(bundle.event))
        else:
            report.messages.append(
                "Data kegiatan tidak diubah, begitu pula pengaturan dokumen (workshop ini sudah "
                "berisi unit)."
            )
        for unit in bundle.units:
            if store.find_unit(unit.slug) is None:
                store.restore_unit(unit)
                report.created_units.append(unit.slug)
                report.messages.append(f"Unit '{unit.name}' dibuat ({unit.slug}).")
            else:
                report.merged_units.append(unit.slug)
                report.messages.append(f"Unit '{unit.name}' sudah ada; data baru ditambahkan.")
        for member in bundle.members:
            member_ids[member.id] = store.add_member_record(member).id
        have_sessions = {s.id: s for s in store.sessions()}
        for session in bundle.sessions:
            if session.id not in have_sessions:
                store.add_session(session)
            elif have_sessions[session.id] != session:
                report.skipped.append(f"sesi {session.id}")
        for vote in bundle.votes:
            store.set_vote(dataclasses.replace(vote, member=member_ids[vote.member]))
        if take_settings and bundle.documents != DocumentSettings():
            d = bundle.documents
            store.update_document_settings(government=d.government, unit_lines=d.unit_lines,
                                           paper=d.paper, address=d.address)
    if take_settings and bundle.logo is not None:
        store.set_logo(bundle.logo)  # checked by read_bundle; copied under its fixed name
    for slug, ub in bundle.unit_data.items():
        with store.batch():  # the unit's file: locked and written once
            have_needs = {n.id for n in store.needs(slug)}
            store.add_needs(slug, [n for n in ub.needs if n.id not in have_needs])
            report.skipped += [f"{slug}/kebutuhan {n.id}" for n in ub.needs if n.id in have_needs]
            have_existing = {x.id for x in store.existing_sops(slug)}
            store.add_existing_sops(slug, [x for x in ub.existing if x.id not in have_existing])
            report.skipped += [f"{slug}/{x.id}" for x in ub.existing if x.id in have_existing]
            have_sops = {r.id for r in store.sops(slug)}
            fresh = [r for r in ub.records if r.id not in have_sops]
            store.add_sop_records(slug, fresh)
            report.sops_added += len(fresh)
            report.skipped += [f"{slug}/{r.id}" for r in ub.records if r.id in have_sops]
        if progress is not None:
            progress(slug)
    if report.skipped:
        report.messages.append(
            f"Dilewati karena sudah ada: {', '.join(report.skipped[:10])}"
            + (f" dan {len(report.skipped) - 10} lainnya" if len(report.skipped) > 10 else "")
        )
    return report


__all__ = [
    "BUNDLE_FORMAT",
    "BundleError",
    "ImportReport",
    "bundle_jobs",
    "export_bundle",
    "import_bundle",
    "is_bundle",
    "read_bundle",
]
