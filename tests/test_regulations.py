"""The register of regulations (templates/regulasi.yaml) and the Mengingat built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop import cli
from workshop.model import Sop
from workshop.regulations import (
    RegisterError,
    load_register,
    mengingat,
    parse_citation,
)
from workshop.rules import check_sop
from workshop.sopfile import load_sop

UU_5_2014 = "Undang-Undang Nomor 5 Tahun 2014 tentang Aparatur Sipil Negara"
UU_20_2023 = "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara"
PERMENPAN_LONG = (
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012 "
    "tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan"
)
PERMENPAN_SHORT = "Peraturan Menteri PAN-RB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP AP"


def test_the_shipped_register_loads_and_every_template_cites_only_registered_laws() -> None:
    register = load_register()
    assert len(register.regulations) >= 50
    from workshop.resources import sop_templates_dir

    for path in sorted(sop_templates_dir().glob("*.yaml")):
        for line in load_sop(path).legal_basis:
            reg = register.find(line)
            assert reg is not None, f"{path.name}: {line}"
            assert register.replaced_by(reg) is None, f"{path.name} cites a replaced {line}"
            assert line.startswith(reg.citation), f"{path.name}: written unlike the register"


def test_citations_are_read_into_kind_number_and_year() -> None:
    c = parse_citation("Peraturan Bupati Wonosobo Nomor 12 Tahun 2021 tentang Tugas Dinas")
    assert (c.kind, c.number, c.year) == ("perkada", "12", 2021)
    assert parse_citation("Undang-Undang Dasar Negara Republik Indonesia Tahun 1945").kind == "uud"
    assert parse_citation("Peraturan Menteri Keuangan Nomor 113/PMK.05 Tahun 2012").number == (
        "113/PMK.05"
    )
    assert parse_citation("Teliti dan rapi").kind is None


def test_mengingat_is_in_hierarchy_order_without_duplicates_and_replaces_the_old_law() -> None:
    register = load_register()
    cited = [
        (PERMENPAN_SHORT, ""),
        ("Peraturan Bupati Wonosobo Nomor 3 Tahun 2020 tentang Kedudukan Dinas", ""),
        ("Peraturan Daerah Kabupaten Wonosobo Nomor 10 Tahun 2016 tentang Perangkat Daerah", ""),
        (UU_5_2014, "Penerbitan Keputusan Kenaikan Gaji Berkala"),
        ("Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil", "A"),
        (PERMENPAN_LONG, "Pemberian Cuti Pegawai"),
        (UU_20_2023, "Pemberian Cuti Pegawai"),
        ("Peraturan Presiden Nomor 76 Tahun 2013 tentang Pengelolaan Pengaduan Pelayanan Publik",
         "B"),
        ("Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah", ""),
    ]
    result = mengingat(cited, register)
    kinds = [parse_citation(item).kind for item in result.items]
    assert kinds == ["uu", "uu", "pp", "perpres", "permen", "perda", "perkada"]
    assert result.items[0].startswith("Undang-Undang Nomor 23 Tahun 2014")  # 2014 before 2023
    assert result.items.count(PERMENPAN_LONG) == 1
    assert not any("Nomor 5 Tahun 2014" in item for item in result.items)
    assert UU_20_2023 in result.items
    (replaced,) = result.replaced
    assert replaced.old.id == "uu-5-2014" and replaced.new.id == "uu-20-2023"
    assert replaced.cited_by == ("Penerbitan Keputusan Kenaikan Gaji Berkala",)
    assert len(result.unknown) == 2  # the Perda and the Perbup are not registered


def test_an_unknown_or_garbled_line_is_kept_as_written_last() -> None:
    result = mengingat([("dasar hukum menyusul", ""), (UU_20_2023, "")], load_register())
    assert result.items == (UU_20_2023, "dasar hukum menyusul")
    assert result.unknown == ("dasar hukum menyusul",)


def test_check_flags_a_replaced_regulation_on_its_line(tmp_path: Path) -> None:
    sop = Sop(title="Contoh", legal_basis=[UU_20_2023, UU_5_2014])
    findings = [f for f in check_sop(sop) if f.code == "legal-basis-replaced"]
    assert len(findings) == 1
    assert "Nomor 5 Tahun 2014" in findings[0].message
    assert "Nomor 20 Tahun 2023" in findings[0].message
    assert findings[0].field == "legal_basis"


def test_check_command_shows_the_finding_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from workshop.resources import sop_templates_dir

    text = (sop_templates_dir() / "cuti-pegawai.yaml").read_text(encoding="utf-8")
    assert UU_20_2023 in text
    path = tmp_path / "cuti.yaml"
    path.write_text(text.replace(UU_20_2023, UU_5_2014), encoding="utf-8")
    line = text.splitlines().index(f"  - {UU_20_2023}") + 1
    cli.main(["check", str(path)])
    out = capsys.readouterr().out
    assert f"baris {line}" in out
    assert "legal-basis-replaced" in out


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("format: lain/1\n", "bukan daftar regulasi"),
        ("format: regulasi/1\nregulations:\n  - {id: a, kind: xx, number: '1', year: 2000, "
         "title: T}\n", "jenis 'xx'"),
        ("format: regulasi/1\nregulations:\n  - {id: a, kind: uu, number: '1', year: 2000, "
         "title: T, replaces: [b]}\n", "tidak ada di daftar"),
        ("format: regulasi/1\nregulations: [&a {id: a}, *a]\n", "regulasi"),
    ],
)
def test_a_damaged_register_is_a_message(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "regulasi.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegisterError, match=says):
        load_register(path)
