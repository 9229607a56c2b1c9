"""The functions behind ``sop-workshop new``, ``import`` and ``dokumen``.

Messages go to stdout, problems to stderr, all in Bahasa Indonesia. Exit status: 0 success,
1 a failed operation, 2 unreadable input (a file that cannot be read, a damaged workshop).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workshop import bundle, resources
from workshop.model import SopRecord
from workshop.safetext import terminal_text
from workshop.store import Store, StoreCorrupt, StoreError

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2


def _out(message: str) -> None:
    print(terminal_text(message))  # titles, unit names and paths are data


def _err(message: str) -> None:
    print(terminal_text(message), file=sys.stderr)


def available_plans() -> list[str]:
    """Names of the session plans shipped in ``sessions/`` (without ``.yaml``)."""
    folder = resources.sessions_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml"))


def cmd_new(args: argparse.Namespace) -> int:
    """``sop-workshop new DIR [--title T] [--plan NAME]``."""
    path = Path(args.directory)
    title = (getattr(args, "title", None) or "").strip() or path.resolve().name
    plan = getattr(args, "plan", None)
    try:
        store = Store.create(path, title)
    except StoreError as e:
        _err(e.message)
        return EXIT_ERRORS
    _out(f"Workshop '{title}' dibuat di {store.path}.")
    if plan:
        plans = available_plans()
        if plan not in plans:
            choice = f" Rencana yang tersedia: {', '.join(plans)}." if plans else ""
            _out(f"Rencana sesi '{plan}' tidak ditemukan; workshop dibuat tanpa sesi.{choice}")
        else:
            status = _add_plan(store, plan)
            if status != EXIT_OK:
                return status
    _out(f"Buka dengan: sop-workshop open {path}")
    return EXIT_OK


def _add_plan(store: Store, name: str) -> int:
    """Store the sessions of the shipped plan ``name`` (see ``workshop.sesi.plans``)."""
    from workshop.sesi.plans import PlanError, load_plan, plan_sessions

    try:
        plan = load_plan(name)
    except PlanError as e:
        _err(f"{e}")
        _err("Workshop dibuat tanpa sesi; perbaiki rencananya atau tambahkan sesi dari aplikasi.")
        return EXIT_UNREADABLE
    try:
        with store.batch():
            added = [store.add_session(s) for s in
                     plan_sessions(plan, start_date=store.event().start_date)]
    except StoreError as e:
        _err(e.message)
        return EXIT_ERRORS
    _out(f"Rencana sesi '{name}': {len(added)} sesi dibuat ({plan.title}).")
    for session in added:
        minutes = sum(item.minutes for item in session.agenda)
        _out(f"  {session.id}: {session.title} ({len(session.agenda)} agenda, {minutes} menit)")
    return EXIT_OK


def _open(path: Path) -> Store | int:
    """The workshop at ``path``, or (its message printed) the exit status to return."""
    try:
        return Store.open(path)
    except StoreCorrupt as e:
        _err(e.message)
        return EXIT_UNREADABLE
    except StoreError as e:
        _err(f"{e.message} Buat dulu dengan: sop-workshop new {path}")
        return EXIT_ERRORS


def cmd_import(args: argparse.Namespace) -> int:
    """``sop-workshop import DIR FILE.yaml... --unit NAME`` or ``import DIR BUNDLE_DIR``."""
    path = Path(args.directory)
    files = [Path(f) for f in args.files]
    unit_name: str | None = getattr(args, "unit", None)
    store = _open(path)
    if isinstance(store, int):
        return store
    bundles = [f for f in files if f.is_dir()]
    sop_files = [f for f in files if not f.is_dir()]
    status = EXIT_OK
    try:
        for folder in bundles:
            status = max(status, _import_bundle(store, folder))
        if sop_files:
            status = max(status, _import_sop_files(store, sop_files, unit_name))
    except StoreCorrupt as e:
        _err(e.message)
        return EXIT_UNREADABLE
    except StoreError as e:
        _err(e.message)
        return EXIT_ERRORS
    return status


def cmd_documents(args: argparse.Namespace) -> int:
    """``sop-workshop dokumen DIR [--pemerintah T]... [--unit U --baris T...] [--logo F |
    --tanpa-logo] [--kertas a4|f4] [--alamat T]``: change what is given, then show the
    settings."""
    path = Path(args.directory)
    store = _open(path)
    if isinstance(store, int):
        return store
    if args.baris is not None and not args.unit:
        _err("--baris perlu --unit NAMA: baris kop itu untuk unit yang mana?")
        return EXIT_ERRORS
    if args.logo and args.tanpa_logo:
        _err("Pilih salah satu: --logo BERKAS atau --tanpa-logo.")
        return EXIT_ERRORS
    fields: dict[str, object] = {}
    if args.pemerintah is not None:
        fields["government"] = args.pemerintah
    if args.kertas is not None:
        fields["paper"] = args.kertas
    if args.alamat is not None:
        fields["address"] = args.alamat
    try:
        if args.unit:
            unit = store.find_unit(args.unit)
            if unit is None:
                known = ", ".join(u.name for u in store.units()) or "belum ada unit"
                _err(f"Unit '{args.unit}' tidak ditemukan di workshop ini. Unit yang ada: {known}.")
                return EXIT_ERRORS
            fields["unit_lines"] = {unit.slug: args.baris or []}
        with store.batch():  # all the changes, or none
            if fields:
                store.update_document_settings(**fields)
            if args.logo or args.tanpa_logo:
                store.set_logo(Path(args.logo) if args.logo else None)
        _show_documents(store)
    except StoreCorrupt as e:
        _err(e.message)
        return EXIT_UNREADABLE
    except StoreError as e:
        _err(e.message)
        return EXIT_ERRORS
    return EXIT_OK


def _show_documents(store: Store) -> None:
    from workshop.docsettings import letterhead_lines

    settings = store.document_settings()
    event = store.event()
    _out(f"Pengaturan dokumen {store.path}:")
    government = " / ".join(letterhead_lines(settings, event, None)) or "(belum diisi)"
    source = "" if settings.government else " (dari data kegiatan)"
    _out(f"  Pemerintah : {government}{source}")
    for unit in store.units():
        lines = " / ".join(letterhead_lines(settings, event, unit)[
            len(letterhead_lines(settings, event, None)):])
        own = "" if unit.slug in settings.unit_lines else " (nama unit)"
        _out(f"  Unit {unit.slug}: {lines or '(belum diisi)'}{own}")
    logo, warning = store.logo_file()
    if logo is not None:
        _out(f"  Logo       : {logo}")
    else:
        _out(f"  Logo       : {warning or 'belum ada'}")
    _out(f"  Kertas     : {settings.paper_size.label}, mendatar")
    _out(f"  Alamat     : {settings.address or '(belum diisi)'}")


def _import_bundle(store: Store, folder: Path) -> int:
    if not bundle.is_bundle(folder):
        _err(
            f"{folder}: folder ini bukan bundel (tidak ada {bundle.WORKSHOP_YAML}). "
            "Untuk mengimpor berkas SOP, sebutkan berkas .yaml-nya."
        )
        return EXIT_UNREADABLE
    report = bundle.import_bundle(store, folder)
    for line in report.errors:
        _err(line)
    if not report.ok:
        _err(f"Bundel {folder} tidak diimpor; tidak ada yang disimpan.")
        return EXIT_UNREADABLE
    for line in report.messages:
        _out(line)
    _out(f"Bundel {folder} diimpor: {report.sops_added} SOP ditambahkan.")
    return EXIT_OK


def _import_sop_files(store: Store, files: list[Path], unit_name: str | None) -> int:
    from workshop.sopfile import SopFileError, load_sop

    if not unit_name or not unit_name.strip():
        _err("Sebutkan unit tujuan dengan --unit NAMA untuk mengimpor berkas SOP.")
        return EXIT_ERRORS
    records: list[tuple[Path, SopRecord]] = []
    status = EXIT_OK
    for f in files:
        try:
            sop = load_sop(f)
        except SopFileError as e:
            _err(f"{e} (berkas ini tidak diimpor)")
            status = EXIT_UNREADABLE
            continue
        records.append((f, SopRecord(id="", sop=sop)))
    if not records:
        _err("Tidak ada SOP yang diimpor.")
        return status or EXIT_ERRORS
    store.backup("sebelum impor")
    unit, created = store.ensure_unit(unit_name)
    if created:
        _out(f"Unit '{unit.name}' belum ada; unit dibuat ({unit.slug}).")
    stored = store.add_sop_records(unit.slug, [r for _, r in records])
    for (f, _), record in zip(records, stored, strict=True):
        _out(f"Diimpor ke {unit.name}: {record.id} {record.sop.title} (dari {f})")
    _out(f"{len(stored)} SOP diimpor ke unit {unit.name}.")
    return status
