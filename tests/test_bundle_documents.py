"""The document settings and the logo travel in a bundle (workshop.bundle), checked on import."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from test_document_settings import jpeg, png

from workshop.bundle import export_bundle, import_bundle
from workshop.docsettings import DocumentSettings
from workshop.store import Store


@pytest.fixture
def source(tmp_path: Path) -> Store:
    store = Store.create(tmp_path / "asal", title="Workshop")
    unit = store.add_unit("Dinas Pendidikan")
    logo = tmp_path / "lambang.jpg"
    logo.write_bytes(jpeg(300, 360))
    store.set_logo(logo)
    store.update_document_settings(government=["PEMERINTAH KABUPATEN WONOSOBO"], paper="f4",
                                   address="Jl. Sabuk Alu 2",
                                   unit_lines={unit.slug: ["DINAS PENDIDIKAN", "BIDANG SD"]})
    return store


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_settings_and_logo_round_trip_through_a_bundle(source: Store, tmp_path: Path) -> None:
    export_bundle(source, tmp_path / "b1")
    assert (tmp_path / "b1" / "logo-kop.jpg").read_bytes() == jpeg(300, 360)
    target = Store.create(tmp_path / "tujuan", title="Baru")
    report = import_bundle(target, tmp_path / "b1")
    assert report.errors == []
    assert target.document_settings() == source.document_settings()
    assert target.logo_file()[0] == (target.path / "logo-kop.jpg").absolute()
    export_bundle(target, tmp_path / "b2")
    assert _files(tmp_path / "b2") == _files(tmp_path / "b1")


def test_a_workshop_without_settings_writes_no_documents_key(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "ws", title="Workshop")
    export_bundle(store, tmp_path / "b")
    data = yaml.safe_load((tmp_path / "b" / "workshop.yaml").read_text(encoding="utf-8"))
    assert "documents" not in data and sorted(_files(tmp_path / "b")) == ["workshop.yaml"]


def test_an_existing_workshop_keeps_its_own_settings(source: Store, tmp_path: Path) -> None:
    export_bundle(source, tmp_path / "b")
    target = Store.create(tmp_path / "tujuan", title="Baru")
    target.add_unit("Dinas Kesehatan")
    report = import_bundle(target, tmp_path / "b")
    assert report.errors == []
    assert target.document_settings() == DocumentSettings()
    assert any("begitu pula pengaturan dokumen" in m for m in report.messages)


def _edit(bundle: Path, **documents: object) -> None:
    path = bundle / "workshop.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["documents"].update(documents)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"paper": "letter"}, "documents.paper 'letter' tidak dikenal. Pilihan: a4, f4"),
        ({"logo": "../asal/workshop.json"}, "documents.logo '../asal/workshop.json' tidak sah"),
        ({"unit_lines": {"dinkes": ["DINAS KESEHATAN"]}}, "menyebut unit 'dinkes'"),
    ],
    ids=["paper", "logo-name", "unit"],
)
def test_bad_settings_are_refused_and_nothing_is_stored(
    source: Store, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    export_bundle(source, tmp_path / "b")
    _edit(tmp_path / "b", **change)
    target = Store.create(tmp_path / "tujuan", title="Baru")
    report = import_bundle(target, tmp_path / "b")
    assert len(report.errors) == 1 and message in report.errors[0]
    assert target.units() == [] and target.document_settings() == DocumentSettings()


@pytest.mark.parametrize("damage", ["broken", "wrong-type", "missing", "symlink"])
def test_a_bad_logo_in_a_bundle_is_refused(source: Store, tmp_path: Path, damage: str) -> None:
    export_bundle(source, tmp_path / "b")
    logo = tmp_path / "b" / "logo-kop.jpg"
    if damage == "broken":
        logo.write_bytes(jpeg()[:-2])
    elif damage == "wrong-type":
        logo.write_bytes(png())
    elif damage == "missing":
        logo.unlink()
    else:
        if not hasattr(os, "symlink"):
            pytest.skip("no symlinks")
        (tmp_path / "elsewhere.jpg").write_bytes(jpeg())
        logo.unlink()
        logo.symlink_to(tmp_path / "elsewhere.jpg")
    target = Store.create(tmp_path / "tujuan", title="Baru")
    report = import_bundle(target, tmp_path / "b")
    expected = {"broken": "JPEG terpotong", "wrong-type": "isinya PNG",
                "missing": "tidak ditemukan", "symlink": "symlink"}[damage]
    assert len(report.errors) == 1 and expected in report.errors[0]
    assert target.units() == [] and not (target.path / "logo-kop.jpg").exists()


def test_a_workshop_with_settings_and_a_logo_still_syncs(source: Store, tmp_path: Path) -> None:
    """The sync commits the bundle's texts (bundle_jobs without the logo): a logo set in the
    workshop neither breaks the commit nor makes the other side's bundle unreadable."""
    from dulwich.repo import Repo

    from workshop.cli import main

    remote = tmp_path / "remote.git"
    remote.mkdir()
    Repo.init_bare(str(remote))
    assert main(["sync", str(source.path), str(remote)]) == 0
    other = tmp_path / "laptop-b"
    assert main(["sync", str(other), str(remote)]) == 0
    assert Store.open(other).units() == source.units()
