"""A whole workshop as a folder of YAML files (a bundle), and back.

Layout (DESIGN.md "Exports")::

    bundle/
      workshop.yaml            event, units (with PIN hashes, readiness), members, sessions, votes
      <unit-slug>/unit.yaml    needs rows, existing SOPs, per SOP: status, reviews, trials,
                               implementation, monitoring, evaluations, earlier versions
      <unit-slug>/<sop-id>.yaml  the current version of each SOP, plain ``sop-ap/1``

The activity log is not part of a bundle (importing writes its own log entries), so
export -> import into a new folder -> export gives byte-identical files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

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
from workshop.store import Store, decode, encode

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


# The C implementations of the *safe* loader and dumper when PyYAML has them (10x faster on a
# province-size bundle); same YAML, same safety as yaml.safe_load / yaml.safe_dump.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SafeDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


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


def _write(path: Path, text: str, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    written.append(path)


def _record_entry(record: SopRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"id": record.id, "file": f"{record.id}.yaml"}
    for key, value in encode(record).items():
        if key not in ("id", "sop"):
            data[key] = value
    return data


def export_bundle(store: Store, out: Path) -> list[Path]:
    """Write the whole workshop as a bundle into ``out``; returns the files written."""
    from workshop.sopfile import dumps_sop

    out = Path(out)
    written: list[Path] = []
    units = store.units()
    workshop = {
        "format": BUNDLE_FORMAT,
        "event": encode(store.event()),
        "units": encode(units),
        "members": encode(store.members()),
        "sessions": encode(store.sessions()),
        "votes": encode(store.votes()),
    }
    _write(out / WORKSHOP_YAML, _dump(workshop), written)
    for unit in units:
        records = store.sops(unit.slug)
        unit_data = {
            "format": UNIT_FORMAT,
            "unit": unit.slug,
            "needs": encode(store.needs(unit.slug)),
            "existing": encode(store.existing_sops(unit.slug)),
            "sops": [_record_entry(r) for r in records],
        }
        folder = out / unit.slug
        _write(folder / UNIT_YAML, _dump(unit_data), written)
        for record in records:
            _write(folder / f"{record.id}.yaml", dumps_sop(record.sop), written)
    return written


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """YAML dates -> ISO strings, recursively (hand-edited bundles)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _load_yaml(path: Path, expected_format: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BundleError(f"{path}: berkas tidak ada.") from None
    except UnicodeDecodeError as e:
        raise BundleError(f"{path}: bukan teks UTF-8 yang sah (bita ke-{e.start + 1}).") from None
    except OSError as e:
        raise BundleError(f"{path}: tidak dapat dibaca ({e.strerror}).") from None
    try:
        data = yaml.load(text, Loader=_SafeLoader)  # a safe loader (C or Python)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(e, "problem", None) or "YAML tidak sah"
        raise BundleError(f"{where}: YAML tidak sah ({problem}).") from None
    if not isinstance(data, dict) or data.get("format") != expected_format:
        raise BundleError(f"{path}: bukan berkas bundel (format: {expected_format} tidak ada).")
    plain: dict[str, Any] = _plain(data)
    return plain


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
    data = _load_yaml(wpath, BUNDLE_FORMAT)
    try:
        event = decode(Event, data.get("event") or {}, "event")
    except ValueError as e:
        raise BundleError(f"{wpath}: {e}.") from None
    units: list[Unit] = _decode_list(Unit, data.get("units"), wpath, "units")
    bundle = _Bundle(
        event=event,
        units=units,
        members=_decode_list(Member, data.get("members"), wpath, "members"),
        sessions=_decode_list(Session, data.get("sessions"), wpath, "sessions"),
        votes=_decode_list(Vote, data.get("votes"), wpath, "votes"),
        unit_data={},
    )
    _check_references(bundle, wpath)
    for unit in units:
        upath = root / unit.slug / UNIT_YAML
        if not upath.is_file():
            bundle.unit_data[unit.slug] = _UnitBundle(unit.slug, [], [], [])
            continue
        udata = _load_yaml(upath, UNIT_FORMAT)
        entries = udata.get("sops") or []
        if not isinstance(entries, list):
            raise BundleError(f"{upath}: 'sops' harus berupa daftar.")
        records: list[SopRecord] = []
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
                raise BundleError(f"{upath}: sops[{i}] harus punya 'file'.")
            sop_path = root / unit.slug / entry["file"]
            try:
                sop: Sop = load_sop(sop_path)
            except SopFileError as e:
                line = f":{e.line}" if getattr(e, "line", None) else ""
                raise BundleError(f"{e.path}{line}: {e.message}") from None
            except OSError as e:
                raise BundleError(f"{sop_path}: tidak dapat dibaca ({e.strerror}).") from None
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


def _check_references(bundle: _Bundle, path: Path) -> None:
    slugs = [u.slug for u in bundle.units]
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
        if not store.units():
            store.update_event(**vars(bundle.event))
        else:
            report.messages.append(
                "Data kegiatan tidak diubah (workshop ini sudah berisi unit)."
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
    "export_bundle",
    "import_bundle",
    "is_bundle",
    "read_bundle",
]
