"""The document settings of a workshop and its logo: stored, validated, refused with a reason
(workshop.store.documents, workshop.logo)."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from workshop import limits
from workshop.docsettings import DocumentSettings
from workshop.logo import LOGO_FILES, LogoError, checked_logo, inspect_logo
from workshop.store import Store, StoreError


def png(width: int = 3, height: int = 2, *, extra: int = 0) -> bytes:
    """A valid RGB PNG of ``width`` x ``height`` (white), padded by ``extra`` bytes of text."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + b"\xff" * (3 * width) for _ in range(height))
    text = chunk(b"tEXt", b"c\x00" + b"x" * extra) if extra else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0))
            + text + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def jpeg(width: int = 40, height: int = 30) -> bytes:
    """The segments a JPEG reader needs to find the size: SOI, APP0, SOF0, SOS, EOI."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    sos = b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00"
    return b"\xff\xd8" + app0 + sof + sos + b"\x12\x34" + b"\xff\xd9"


@pytest.fixture
def ws(tmp_path: Path) -> Store:
    store = Store.create(tmp_path / "ws", title="Workshop")
    store.add_unit("Dinas Pendidikan")
    return store


def test_a_new_workshop_has_the_default_settings(ws: Store) -> None:
    assert ws.document_settings() == DocumentSettings()
    assert ws.logo_file() == (None, "")


def test_settings_are_stored_and_read_back(ws: Store) -> None:
    ws.update_document_settings(government=["  PEMERINTAH   KABUPATEN WONOSOBO ", ""],
                                paper="F4", address="Jl. Sabuk Alu 2, Wonosobo",
                                unit_lines={"dinas-pendidikan": ["DINAS PENDIDIKAN", "BIDANG SD"]})
    again = Store.open(ws.path)
    assert again.document_settings() == DocumentSettings(
        government=("PEMERINTAH KABUPATEN WONOSOBO",), paper="f4",
        address="Jl. Sabuk Alu 2, Wonosobo",
        unit_lines={"dinas-pendidikan": ("DINAS PENDIDIKAN", "BIDANG SD")})
    # Empty lines for a unit give it back its name.
    again.update_document_settings(unit_lines={"dinas-pendidikan": []})
    assert again.document_settings().unit_lines == {}


def test_an_unknown_paper_or_unit_is_a_clear_message(ws: Store) -> None:
    with pytest.raises(StoreError, match=r"Ukuran kertas 'letter' tidak dikenal\. Pilihan: a4, f4"):
        ws.update_document_settings(paper="letter")
    with pytest.raises(StoreError, match="Unit 'dinkes' tidak ada"):
        ws.update_document_settings(unit_lines={"dinkes": ["DINAS KESEHATAN"]})
    with pytest.raises(StoreError, match="tidak boleh diubah"):
        ws.update_document_settings(logo="../../etc/passwd")
    assert ws.document_settings() == DocumentSettings()


def test_a_png_logo_is_copied_under_its_fixed_name(ws: Store, tmp_path: Path) -> None:
    source = tmp_path / "Logo Kabupaten (final).PNG"
    source.write_bytes(png(120, 140))
    settings = ws.set_logo(source)
    assert settings.logo == "logo-kop.png"
    assert (ws.path / "logo-kop.png").read_bytes() == source.read_bytes()
    assert ws.logo_file() == ((ws.path / "logo-kop.png").absolute(), "")
    # A JPEG replaces it; the PNG copy goes.
    other = tmp_path / "logo.jpeg"
    other.write_bytes(jpeg())
    assert ws.set_logo(other).logo == "logo-kop.jpg"
    assert not (ws.path / "logo-kop.png").exists()
    assert ws.set_logo(None).logo == ""
    assert not any((ws.path / n).exists() for n in LOGO_FILES.values())


def test_image_sizes_are_read_from_the_headers() -> None:
    assert (inspect_logo(png(120, 140)).width, inspect_logo(png(120, 140)).height) == (120, 140)
    image = inspect_logo(jpeg(640, 480))
    assert (image.kind, image.width, image.height) == ("jpeg", 640, 480)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a" + b"\x00" * 40, "bukan gambar PNG atau JPEG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "bukan gambar PNG atau JPEG"),
        (png()[:-12], "terpotong"),  # IEND cut off
        (png()[:19] + b"\x09" + png()[20:], "CRC"),
        (jpeg()[:-2], "JPEG terpotong"),
        (png(limits.LOGO_MAX_SIDE + 1, 1), "terlalu lebar atau tinggi"),
    ],
    ids=["gif", "svg", "png-cut", "png-crc", "jpeg-cut", "too-wide"],
)
def test_a_wrong_or_broken_image_is_refused(ws: Store, tmp_path: Path, data: bytes,
                                            message: str) -> None:
    with pytest.raises(LogoError, match=message):
        inspect_logo(data)
    source = tmp_path / "logo.png"
    source.write_bytes(data)
    with pytest.raises(StoreError, match=f"tidak dipasang: .*{message}"):
        ws.set_logo(source)
    assert ws.document_settings().logo == ""
    assert not (ws.path / "logo-kop.png").exists()


def test_a_too_big_logo_is_refused(ws: Store, tmp_path: Path) -> None:
    source = tmp_path / "besar.png"
    source.write_bytes(png(extra=limits.LOGO_MAX_BYTES))
    with pytest.raises(StoreError, match=r"terlalu besar .* batasnya 2,0 MB"):
        ws.set_logo(source)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_symlink_is_never_followed(ws: Store, tmp_path: Path) -> None:
    real = tmp_path / "real.png"
    real.write_bytes(png())
    link = tmp_path / "link.png"
    link.symlink_to(real)
    with pytest.raises(StoreError, match="symlink"):
        ws.set_logo(link)
    # A symlink planted where the copy goes is replaced, never written through.
    victim = tmp_path / "victim.png"
    victim.write_bytes(b"keep")
    (ws.path / "logo-kop.png").symlink_to(victim)
    ws.set_logo(real)
    assert victim.read_bytes() == b"keep"
    assert not (ws.path / "logo-kop.png").is_symlink()
    # At export time, a symlink in place of the logo is not used.
    (ws.path / "logo-kop.png").unlink()
    (ws.path / "logo-kop.png").symlink_to(real)
    path, warning = ws.logo_file()
    assert path is None and "symlink" in warning and "tanpa logo" in warning


def test_a_missing_or_broken_logo_at_export_time_is_a_warning(ws: Store, tmp_path: Path) -> None:
    source = tmp_path / "logo.png"
    source.write_bytes(png())
    ws.set_logo(source)
    (ws.path / "logo-kop.png").write_bytes(png()[:30])
    path, warning = ws.logo_file()
    assert path is None and "rusak" in warning and "Dokumen dibuat tanpa logo" in warning
    (ws.path / "logo-kop.png").unlink()
    path, warning = ws.logo_file()
    assert path is None and "tidak ditemukan" in warning
    # A name from a hand-edited workshop file never becomes a path.
    assert checked_logo(ws.path, "../workshop.json")[0] is None


def test_a_workshop_file_from_before_the_settings_reads_as_the_defaults(ws: Store) -> None:
    import json

    path = ws.path / "workshop.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["documents"]  # as written before the table existed
    path.write_text(json.dumps(data), encoding="utf-8")
    again = Store.open(ws.path)
    assert again.document_settings() == DocumentSettings()
    again.update_document_settings(paper="f4")
    assert Store.open(ws.path).document_settings().paper == "f4"
