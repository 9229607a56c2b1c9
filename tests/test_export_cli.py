"""``sop-workshop export``: one SOP file and a workshop folder, as a user runs it."""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

import pytest
from test_export_support import headings, long_sop, surat_masuk, table_with

from workshop.cli import main
from workshop.export.markdown import sop_markdown
from workshop.exporting import ExportFailed, Job, run_jobs
from workshop.model import ActionItem, MonitoringRow, NeedRow, Session
from workshop.sopfile import load_sop, save_sop
from workshop.store import Store


@pytest.fixture
def sop_file(tmp_path: Path) -> Path:
    path = tmp_path / "surat-masuk.yaml"
    save_sop(surat_masuk(), path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["export", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- one SOP file ------------------------------------------------------------------------------


def test_file_to_stdout_is_the_sop_markdown(
    sop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(sop_file), "--format", "md")
    assert (code, err) == (0, "")
    assert out == sop_markdown(load_sop(sop_file))
    assert headings(out)[0] == (1, "Pengelolaan Surat Masuk")
    assert len(table_with(out, "No").rows) == 8


def test_file_to_output_file(
    sop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "draf.md"
    code, out, _ = run(capsys, str(sop_file), "--format", "md", "-o", str(target))
    assert code == 0
    assert out.strip() == str(target)
    assert target.read_text(encoding="utf-8") == sop_markdown(load_sop(sop_file))


def test_file_into_out_folder_named_from_the_title(
    sop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "hasil"
    code, out, _ = run(capsys, str(sop_file), "--format", "html", "--out", str(out_dir))
    assert code == 0
    written = out_dir / "pengelolaan-surat-masuk.html"
    assert out.strip() == str(written)
    html = written.read_text(encoding="utf-8")
    assert html.count("<svg") == 1 and 'class="watermark"' in html


def test_file_with_effective_date_counts_as_approved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sop = surat_masuk()
    sop.dates.effective = "2018-08-01"
    path = tmp_path / "sah.yaml"
    save_sop(sop, path)
    code, out, _ = run(capsys, str(path), "--format", "html")
    assert code == 0 and "<svg" in out and "DRAF" not in out


def test_file_to_yaml_round_trips(sop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(sop_file), "--format", "yaml")
    assert code == 0
    assert out.startswith("format: sop-ap/1")
    assert out == sop_file.read_text(encoding="utf-8")


def test_broken_file_gives_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "rusak.yaml"
    bad.write_text("format: sop-ap/1\ntitle: X\nlangkah: []\n", encoding="utf-8")
    code, out, err = run(capsys, str(bad), "--format", "md")
    assert code == 2 and out == ""
    assert err.startswith(f"{bad}:3:")
    assert "Traceback" not in err


def test_missing_file_and_wrong_what(
    sop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, str(tmp_path / "tidak-ada.yaml"))
    assert code == 2 and "tidak ditemukan" in err
    code, _, err = run(capsys, str(sop_file), "--what", "buku")
    assert code == 1 and "hanya untuk folder workshop" in err


# -- a workshop folder -------------------------------------------------------------------------


@pytest.fixture
def workshop_dir(tmp_path: Path) -> Path:
    path = tmp_path / "wonosobo"
    store = Store.create(path, "Pendampingan SOP AP Wonosobo 2018")
    store.update_event(host_government="Pemerintah Kabupaten Wonosobo", start_date="2018-07-10")
    setda = store.add_unit("Sekretariat Daerah", head_position="Sekretaris Daerah")
    odd = store.add_unit("Dinas ../../Rahasia | <b>")
    store.add_need(setda.slug, NeedRow(id="", output="Surat masuk", title="Pengelolaan Surat"))
    record = store.add_sop(setda.slug, surat_masuk(), status="disahkan")
    store.update_record(
        setda.slug,
        record.id,
        lambda r: r.monitoring.append(MonitoringRow("2018-S2", "Berjalan dengan baik")),
    )
    twin = surat_masuk()
    store.add_sop(setda.slug, twin)  # same title: gets a -2 file
    evil = long_sop(25)
    evil.title = "../../../etc/passwd"
    store.add_sop(odd.slug, evil)
    store.add_session(
        Session(
            id="",
            title="Hari 1",
            date="2018-07-10",
            attended_units=[setda.slug],
            actions=[ActionItem("Lengkapi Tabel 6", setda.slug)],
        )
    )
    return path


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_workshop_sops_go_to_exports_with_safe_unique_names(
    workshop_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(workshop_dir), "--format", "md")
    assert (code, err) == (0, "")
    exports = workshop_dir / "exports"
    assert _files(exports) == [
        "dinas-rahasia-b/etc-passwd.md",
        "sekretariat-daerah/pengelolaan-surat-masuk-2.md",
        "sekretariat-daerah/pengelolaan-surat-masuk.md",
    ]
    lines = out.splitlines()
    assert lines[-1] == f"3 berkas ditulis ke {exports}."
    assert sorted(lines[:-1]) == sorted(str(exports / f) for f in _files(exports))
    text = (exports / "sekretariat-daerah/pengelolaan-surat-masuk.md").read_text(encoding="utf-8")
    # An approved SOP: the kop of the official form, no status line, long dates.
    assert "Status" not in text and "DRAF" not in text
    assert "PEMERINTAH KABUPATEN WONOSOBO" in text
    # Stable: a second run writes the same names.
    code, out2, _ = run(capsys, str(workshop_dir), "--format", "md")
    assert code == 0 and out2 == out


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("buku", ["buku-sop-dinas-rahasia-b.md", "buku-sop-sekretariat-daerah.md"]),
        ("kebutuhan", ["inventaris-kebutuhan.md"]),
        ("monitoring", ["monitoring-dinas-rahasia-b.md", "monitoring-sekretariat-daerah.md"]),
        ("evaluasi", ["evaluasi-dinas-rahasia-b.md", "evaluasi-sekretariat-daerah.md"]),
        ("notulen", ["notulen-sesi-001-hari-1.md"]),
        ("laporan", ["laporan.md"]),
    ],
)
def test_workshop_documents(
    workshop_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    expected: list[str],
) -> None:
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, str(workshop_dir), "--what", what, "--out", str(out_dir))
    assert (code, err) == (0, "")
    assert _files(out_dir) == expected
    for name in expected:
        assert headings((out_dir / name).read_text(encoding="utf-8"))


def test_workshop_documents_as_html(
    workshop_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    code, _, _ = run(
        capsys,
        str(workshop_dir),
        "--what",
        "buku",
        "--format",
        "html",
        "--unit",
        "Sekretariat Daerah",
        "--out",
        str(out_dir),
    )
    assert code == 0
    assert _files(out_dir) == ["buku-sop-sekretariat-daerah.html"]
    html = (out_dir / "buku-sop-sekretariat-daerah.html").read_text(encoding="utf-8")
    # two SOPs: the approved one without watermark, the draft with it
    assert html.count("<svg") == 2 and html.count('class="watermark"') == 1
    assert "<script" not in html


def test_monitoring_uses_the_store_rows(
    workshop_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    code, _, _ = run(
        capsys,
        str(workshop_dir),
        "--what",
        "monitoring",
        "--unit",
        "sekretariat-daerah",
        "--out",
        str(out_dir),
    )
    assert code == 0
    assert _files(out_dir) == ["monitoring-sekretariat-daerah.md"]
    text = (out_dir / "monitoring-sekretariat-daerah.md").read_text(encoding="utf-8")
    rows = table_with(text, "No").rows
    assert rows[0][1:3] == ["Pengelolaan Surat Masuk", "Berjalan dengan baik"]
    assert rows[1][2] == "Berjalan dengan baik / Tidak berjalan dengan baik"  # the blank form


def test_unknown_unit_and_not_a_workshop(
    workshop_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(workshop_dir), "--unit", "Dinas Pariwisata")
    assert code == 1 and out == ""
    assert err.startswith("Unit 'Dinas Pariwisata' tidak ditemukan")
    empty = tmp_path / "kosong"
    empty.mkdir()
    code, _, err = run(capsys, str(empty))
    assert code == 2 and "bukan folder workshop" in err


def test_workshop_as_yaml_bundle(
    workshop_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "bundel"
    code, out, _ = run(capsys, str(workshop_dir), "--format", "yaml", "--out", str(out_dir))
    assert code == 0
    assert (out_dir / "workshop.yaml").is_file()
    assert out.splitlines()[-1].endswith(f"berkas ditulis ke {out_dir}.")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    jobs = [Job((f"f{i}.md",), partial(str, f"# {i}\n")) for i in range(12)]
    tty = _Tty()
    run_jobs(jobs, tmp_path / "a", progress_stream=tty)
    assert "Mengekspor [" in tty.getvalue() and "12/12" in tty.getvalue()
    piped = io.StringIO()
    written = run_jobs(jobs, tmp_path / "b", progress_stream=piped)
    assert piped.getvalue() == ""
    assert [p.name for p in written] == [f"f{i}.md" for i in range(12)]


def test_jobs_refuse_to_leave_the_output_folder(tmp_path: Path) -> None:
    for parts in [("..", "x.md"), ("../x.md",), ("a/../../x.md",), (".hidden",)]:
        with pytest.raises(ExportFailed, match="keluar dari folder keluaran"):
            run_jobs([Job(parts, lambda: "x")], tmp_path / "out")
    assert not (tmp_path / "x.md").exists()


def test_unwritable_targets_get_a_message(
    sop_file: Path, workshop_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, str(sop_file), "-o", str(tmp_path / "tidak-ada" / "x.md"))
    assert code == 1 and err.startswith("Berkas ") and "tidak dapat ditulis" in err
    blocker = tmp_path / "berkas"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, str(workshop_dir), "--out", str(blocker))
    assert code == 1 and "Folder keluaran" in err and "Traceback" not in err
    code, _, err = run(capsys, str(workshop_dir), "--format", "yaml", "--unit", "setda")
    assert code == 1 and "--unit tidak dipakai" in err


def test_damaged_workshop_file_exits_2(
    workshop_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unit_file = next((workshop_dir / "units").glob("*.json"))
    unit_file.write_text("{ rusak", encoding="utf-8")
    code, out, err = run(capsys, str(workshop_dir), "--what", "buku")
    assert code == 2 and out == ""
    assert "tidak dapat dibaca" in err and "Traceback" not in err


def test_exported_files_get_ordinary_permissions(tmp_path: Path) -> None:
    import os
    import stat

    from workshop.exporting import write_text_atomic

    old = os.umask(0o022)
    try:
        target = tmp_path / "a.md"
        write_text_atomic(target, "# A\n")
    finally:
        os.umask(old)
    # readable by others (as any file the user saves), not mkstemp's private 0600
    assert stat.S_IMODE(target.stat().st_mode) & ~0o022 == stat.S_IMODE(target.stat().st_mode)
    assert stat.S_IMODE(target.stat().st_mode) & 0o044 == 0o044


# -- an SOP that fails check -------------------------------------------------------------------


def _with_error(sop_file: Path) -> Path:
    """The fixture's SOP with a step done by an actor the SOP does not list (an error)."""
    sop = load_sop(sop_file)
    sop.steps[1].actor = "Petugas Tak Terdaftar"
    save_sop(sop, sop_file)
    return sop_file


def test_file_with_errors_exports_as_a_draft_and_warns(
    sop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_error(sop_file)
    out_path = tmp_path / "keluar.md"
    code, _, err = run(capsys, str(sop_file), "-o", str(out_path))
    assert code == 0
    assert "Peringatan: SOP masih punya kesalahan pemeriksaan" in err
    assert "Status: Draf: 1 kesalahan pemeriksaan" in out_path.read_text(encoding="utf-8")


def test_strict_refuses_a_file_with_errors(
    sop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_error(sop_file)
    out_path = tmp_path / "keluar.html"
    code, out, err = run(capsys, str(sop_file), "--format", "html", "-o", str(out_path),
                         "--strict")
    assert code == 1
    assert "--strict: tidak ada berkas yang ditulis" in err
    assert not out_path.exists() and out == ""


def test_strict_passes_a_clean_file(
    sop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "keluar.md"
    code, _, err = run(capsys, str(sop_file), "-o", str(out_path), "--strict")
    assert (code, err) == (0, "")
    assert "Draf:" not in out_path.read_text(encoding="utf-8")


def test_workshop_with_errors_names_the_count_and_strict_writes_nothing(
    workshop_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(workshop_dir)
    unit = store.find_unit("Sekretariat Daerah")
    assert unit is not None
    for record in store.sops(unit.slug):
        store.update_record(
            unit.slug, record.id, lambda r: setattr(r.sop.steps[1], "actor", "Orang Lain")
        )
    out = workshop_dir / "keluar"
    code, _, err = run(capsys, str(workshop_dir), "--out", str(out), "--strict")
    assert code == 1 and "2 SOP masih punya kesalahan pemeriksaan" in err
    assert not out.exists()
    code, _, err = run(capsys, str(workshop_dir), "--out", str(out))
    assert code == 0
    assert "Peringatan: 2 SOP masih punya kesalahan pemeriksaan" in err
    texts = [p.read_text(encoding="utf-8") for p in out.rglob("*.md")]
    assert sum("Draf: 1 kesalahan pemeriksaan" in t for t in texts) == 2
