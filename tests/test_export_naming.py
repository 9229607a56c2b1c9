"""Safe file names made from titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.export.naming import MAX_STEM, safe_path, slugify, unique_names, unique_stems


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
