"""``sop-workshop dokumen``: the document settings from the command line, as a user runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_document_settings import png

from workshop.cli import main
from workshop.docsettings import DocumentSettings
from workshop.store import Store


@pytest.fixture
def ws(tmp_path: Path) -> Store:
    store = Store.create(tmp_path / "ws", title="Workshop")
    store.update_event(host_government="Pemerintah Kabupaten Wonosobo")
    store.add_unit("Dinas Pendidikan")
    return store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["dokumen", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_without_options_the_settings_are_shown(ws: Store,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(ws.path))
    assert (code, err) == (0, "")
    assert "Pemerintah : PEMERINTAH KABUPATEN WONOSOBO (dari data kegiatan)" in out
    assert "Unit dinas-pendidikan: DINAS PENDIDIKAN (nama unit)" in out
    assert "Logo       : belum ada" in out
    assert "Kertas     : A4 (210 × 297 mm), mendatar" in out


def test_every_setting_from_the_command_line(ws: Store, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    logo = tmp_path / "lambang.png"
    logo.write_bytes(png(50, 60))
    code, out, err = run(
        capsys, str(ws.path), "--pemerintah", "PEMERINTAH PROVINSI JAWA TENGAH",
        "--pemerintah", "KABUPATEN WONOSOBO", "--unit", "Dinas Pendidikan",
        "--baris", "DINAS PENDIDIKAN", "--baris", "BIDANG SD", "--logo", str(logo),
        "--kertas", "F4", "--alamat", "Jl. Sabuk Alu 2",
    )
    assert (code, err) == (0, "")
    assert Store.open(ws.path).document_settings() == DocumentSettings(
        government=("PEMERINTAH PROVINSI JAWA TENGAH", "KABUPATEN WONOSOBO"),
        logo="logo-kop.png", paper="f4", address="Jl. Sabuk Alu 2",
        unit_lines={"dinas-pendidikan": ("DINAS PENDIDIKAN", "BIDANG SD")})
    assert "Unit dinas-pendidikan: DINAS PENDIDIKAN / BIDANG SD" in out
    assert f"Logo       : {(ws.path / 'logo-kop.png').absolute()}" in out
    code, out, err = run(capsys, str(ws.path), "--tanpa-logo")
    assert code == 0 and "Logo       : belum ada" in out
    assert not (ws.path / "logo-kop.png").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--kertas", "letter"], "Ukuran kertas 'letter' tidak dikenal. Pilihan: a4, f4."),
        (["--baris", "X"], "--baris perlu --unit NAMA"),
        (["--unit", "Dinkes", "--baris", "X"], "Unit 'Dinkes' tidak ditemukan"),
        (["--logo", "tidak-ada.png"], "tidak ditemukan"),
    ],
)
def test_mistakes_are_clear_messages_and_nothing_changes(
    ws: Store, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, str(ws.path), "--alamat", "Jl. Baru", *argv)
    assert code == 1 and message in err and "Traceback" not in err
    assert Store.open(ws.path).document_settings() == DocumentSettings()


def test_a_wrong_logo_changes_nothing(ws: Store, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("<svg/>", encoding="utf-8")
    code, _, err = run(capsys, str(ws.path), "--kertas", "f4", "--logo", str(fake))
    assert code == 1 and "bukan gambar PNG atau JPEG" in err
    assert Store.open(ws.path).document_settings() == DocumentSettings()


def test_not_a_workshop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path))
    assert code == 1 and "sop-workshop new" in err
