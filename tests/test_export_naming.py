"""Safe file names made from titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.export.naming import MAX_STEM, safe_path, slugify, unique_names, unique_stems
from workshop.names import is_reserved


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Pengelolaan Surat Masuk", "pengelolaan-surat-masuk"),
        ("Penyusunan Renja (Revisi 2)", "penyusunan-renja-revisi-2"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("Pelayanan Informasi Publik — PPID", "pelayanan-informasi-publik-ppid"),
        ("Pérmintaan ÁTK", "permintaan-atk"),
        ("..", "tanpa-judul"),
        ("", "tanpa-judul"),
        ("العربية 😀", "tanpa-judul"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slug_is_capped_without_a_trailing_hyphen() -> None:
    slug = slugify("Kata " * 40)
    assert len(slug) <= MAX_STEM and not slug.endswith("-")


def test_repeats_get_numbered_suffixes_in_input_order() -> None:
    titles = ["Surat Masuk", "surat masuk", "Surat-Masuk", "Surat Masuk 2", "", "?"]
    assert unique_stems(titles) == [
        "surat-masuk",
        "surat-masuk-2",
        "surat-masuk-3",
        "surat-masuk-2-2",
        "tanpa-judul",
        "tanpa-judul-2",
    ]
    assert unique_names(["A", "a"], "html") == ["a.html", "a-2.html"]


@pytest.mark.parametrize("name", ["", ".", "..", ".hidden", "a/b", "a\\b", "x\x00"])
def test_safe_path_refuses_names_that_leave_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        safe_path(tmp_path, name)


def test_safe_path_accepts_plain_names(tmp_path: Path) -> None:
    assert safe_path(tmp_path, "buku-sop.md") == tmp_path / "buku-sop.md"


# -- Windows device names (issue 24) ---------------------------------------------------------

DEVICES = ["CON", "prn", "Aux", "nul", "COM1", "com9", "LPT1", "lpt9", "com0"]


@pytest.mark.parametrize("title", DEVICES)
def test_a_windows_device_name_is_suffixed(title: str) -> None:
    slug = slugify(title)
    assert slug == title.lower() + "-1"
    assert unique_names([title, title], "md") == [f"{slug}.md", f"{slug}-2.md"]


@pytest.mark.parametrize("name", [
    "con", "CON", "con.md", "Nul.tar.gz", "aux .txt", "COM1.html", "lpt3", "com\u00b9.md"])
def test_device_names_are_reserved_with_any_extension_and_case(name: str) -> None:
    assert is_reserved(name)


@pytest.mark.parametrize("name", ["console.md", "connect", "com10", "lpt", "null", "con-1.md",
                                  "auxiliary", "com-1"])
def test_names_that_only_look_like_devices_are_not(name: str) -> None:
    assert not is_reserved(name)


@pytest.mark.parametrize("name", ["con.md", "NUL", "com1.html"])
def test_safe_path_refuses_a_device_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        safe_path(tmp_path, name)


def test_exporting_an_sop_titled_like_a_device(tmp_path: Path) -> None:
    from workshop import cli
    from workshop.model import Sop, Step
    from workshop.sopfile import save_sop

    save_sop(Sop(title="NUL", actors=["Petugas"], steps=[Step("Mulai", "Petugas", "start")]),
             tmp_path / "nul-sop.yaml")
    assert cli.main(["export", str(tmp_path / "nul-sop.yaml"), "--format", "md",
                     "--out", str(tmp_path / "o")]) == 0
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["nul-1.md"]


def test_a_unit_named_like_a_device_gets_a_safe_slug(tmp_path: Path) -> None:
    from workshop.model import NeedRow, Unit
    from workshop.store import Store, StoreError
    from workshop.store import slugify as unit_slug

    store = Store.create(tmp_path / "ws", "Acara")
    unit = store.add_unit("AUX")
    assert unit.slug == "aux-1" == unit_slug("Aux")
    store.add_need(unit.slug, NeedRow(id="", title="Penerimaan Surat"))
    assert [p.name for p in (tmp_path / "ws" / "units").glob("*.json")] == ["aux-1.json"]
    assert store.find_unit("AUX") == unit
    with pytest.raises(StoreError):  # a bundle cannot bring one either
        store.restore_unit(Unit(slug="aux", name="Aux"))
