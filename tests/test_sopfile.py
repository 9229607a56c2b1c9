"""Reading and writing ``format: sop-ap/1`` (workshop.sopfile)."""

from __future__ import annotations

import json
import os
import pickle
import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop import sopfile, sopyaml
from workshop.model import Approval, Classification, Dates, Sop, Step
from workshop.sopfile import (
    SopFileError,
    dumps_sop,
    load_sop,
    loads_sop,
    save_sop,
    sop_from_dict,
    sop_to_dict,
)

DATA = Path(__file__).parent / "data"
MALFORMED = sorted((DATA / "malformed").glob("*.yaml"))
SURAT_MASUK = DATA / "sop" / "surat-masuk.yaml"
TRAPS = DATA / "sop" / "yaml11-traps.yaml"
ADVICE = re.compile(
    r"tambahkan|hapus|ganti|tulis|gunakan|periksa|isi |simpan|apit|pakai|mungkin maksud|"
    r"nilai yang boleh|kunci yang dikenal|batasnya|pisahkan"
)
EXPECT = re.compile(r"# expect: (?:line (\d+)|no line): (.+)")


def _expectation(path: Path) -> tuple[int | None, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    match = EXPECT.fullmatch(first)
    assert match, f"{path.name}: first line must be '# expect: line N: fragment'"
    return (int(match.group(1)) if match.group(1) else None), match.group(2)


# ---------------------------------------------------------------------------------------------
# Malformed files: every one names the file, the right line and what is wrong
# ---------------------------------------------------------------------------------------------


def test_there_are_enough_malformed_fixtures() -> None:
    assert len(MALFORMED) >= 30


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml's parser and again with PyYAML's pure-Python fallback."""
    name: str = request.param
    if name == "pure-python":
        monkeypatch.setattr(sopyaml, "_loader", lambda: yaml.SafeLoader)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML without libyaml")
    else:
        assert sopyaml._loader() is yaml.CSafeLoader
    return name


@pytest.mark.parametrize("path", MALFORMED, ids=[p.stem for p in MALFORMED])
def test_malformed_file_reports_line_and_message(path: Path, parser: str) -> None:
    line, fragment = _expectation(path)
    with pytest.raises(SopFileError) as info:
        load_sop(path)
    err = info.value
    assert err.path == str(path)
    assert err.line == line, str(err)
    assert fragment in err.message
    prefix = f"{path}:{line}: " if line is not None else f"{path}: "
    assert str(err) == prefix + err.message


@pytest.mark.parametrize("path", MALFORMED, ids=[p.stem for p in MALFORMED])
def test_malformed_messages_are_indonesian_without_python_internals(path: Path) -> None:
    with pytest.raises(SopFileError) as info:
        load_sop(path)
    message = info.value.message
    for english in ("Traceback", "expected", "found", "mapping values", "could not", "Error"):
        assert english not in message
    assert ADVICE.search(message), f"no advice on what to do: {message}"


def test_misspelt_key_suggests_the_right_one() -> None:
    text = "format: sop-ap/1\ntittle: Surat Masuk\n"
    with pytest.raises(SopFileError) as info:
        loads_sop(text, "surat.yaml")
    assert str(info.value) == (
        "surat.yaml:2: kunci 'tittle' tidak dikenal; mungkin maksud Anda 'title'?"
    )


def test_misspelt_step_key_suggests_and_names_the_step() -> None:
    text = (
        "format: sop-ap/1\ntitle: T\nsteps:\n"
        "  - activity: A\n    actor: B\n"
        "  - activity: C\n    actor: D\n    outptu: E\n"
    )
    with pytest.raises(SopFileError) as info:
        loads_sop(text)
    assert info.value.line == 8
    assert "langkah 2" in info.value.message
    assert "mungkin maksud Anda 'output'?" in info.value.message
    assert str(info.value).startswith("<teks>:8: ")


def test_unknown_vocabulary_lists_the_allowed_values() -> None:
    text = "format: sop-ap/1\ntitle: T\nclassification:\n  scope: besar\n"
    with pytest.raises(SopFileError) as info:
        loads_sop(text)
    assert info.value.line == 4
    assert "nilai yang boleh: makro, mikro" in info.value.message


def test_non_utf8_line_is_counted_in_bytes(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"format: sop-ap/1\ntitle: Surat\nunit: Dinas\nnote: caf\xe9\n")
    with pytest.raises(SopFileError) as info:
        load_sop(path)
    assert info.value.line == 4
    assert "UTF-8" in info.value.message


def test_windows_line_endings_keep_line_numbers() -> None:
    text = "format: sop-ap/1\r\ntitle: T\r\nsteps:\r\n  - activity: A\r\n    aktor: B\r\n"
    with pytest.raises(SopFileError) as info:
        loads_sop(text)
    assert info.value.line == 5
    assert "mungkin maksud Anda 'actor'?" in info.value.message


def test_missing_file_and_folder_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SopFileError) as missing:
        load_sop(tmp_path / "tidak-ada.yaml")
    assert "tidak ditemukan" in missing.value.message
    assert missing.value.line is None
    with pytest.raises(SopFileError) as folder:
        load_sop(tmp_path)
    assert "folder" in folder.value.message


# ---------------------------------------------------------------------------------------------
# Hostile input: bounded time and memory
# ---------------------------------------------------------------------------------------------


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "besar.yaml"
    line = "  - Peraturan yang sangat panjang untuk mengisi berkas hingga melewati batas\n"
    body = "format: sop-ap/1\ntitle: Besar\nlegal_basis:\n" + line * (
        sopfile.MAX_BYTES // len(line) + 10
    )
    path.write_text(body, encoding="utf-8")
    assert path.stat().st_size > 2 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(SopFileError) as info:
        load_sop(path)
    assert time.perf_counter() - started < 1.0
    assert "terlalu besar" in info.value.message
    assert "2 MB" in info.value.message
    with pytest.raises(SopFileError, match="terlalu besar"):
        loads_sop(body)


def test_alias_bomb_stops_at_the_first_alias(parser: str) -> None:
    levels = ["a: &a [" + ", ".join(['"lol"'] * 10) + "]"]
    for index in range(1, 12):
        prev, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    text = "format: sop-ap/1\ntitle: Bom\n" + "\n".join(levels) + "\n"
    started = time.perf_counter()
    with pytest.raises(SopFileError) as info:
        loads_sop(text)
    assert time.perf_counter() - started < 1.0
    assert info.value.line == 4
    assert "alias" in info.value.message


def test_too_many_nodes_are_refused() -> None:
    text = "format: sop-ap/1\ntitle: T\nactors: [" + "a, " * (sopfile.MAX_NODES + 10) + "]\n"
    assert len(text.encode()) < sopfile.MAX_BYTES
    with pytest.raises(SopFileError) as info:
        loads_sop(text)
    assert "terlalu banyak unsur (lebih dari 100.000)" in info.value.message
    assert info.value.line == 3


def test_deep_block_nesting_is_bounded() -> None:
    lines = ["format: sop-ap/1", "title: T", "note:"]
    lines += [" " * (2 * depth) + "- " for depth in range(1, 400)]
    with pytest.raises(SopFileError, match="terlalu dalam"):
        loads_sop("\n".join(lines) + "x\n")


DEEP_MESSAGE = (f"susunan terlalu dalam (lebih dari {sopfile.MAX_DEPTH} tingkat); "
                "periksa indentasi dan tanda kurung")


def test_deep_flow_nesting_far_beyond_recursion_limit_is_bounded(parser: str) -> None:
    text = "format: sop-ap/1\ntitle: T\nnote: " + "[" * 100_000 + "]" * 100_000 + "\n"
    with pytest.raises(SopFileError) as info:
        loads_sop(text)
    assert info.value.message == DEEP_MESSAGE
    assert info.value.line == 3


@pytest.mark.parametrize("problem", ["exceeded maximum nesting depth",
                                     "exceeded maximum nesting level of 1000"])
def test_a_parsers_own_depth_limit_reads_as_the_projects_message(
    problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever words the installed libyaml uses when it stops deep nesting itself."""
    def stopping_parse(*args: object, **kwargs: object) -> object:
        mark = yaml.Mark("<teks>", 0, 2, 6, None, None)
        raise yaml.scanner.ScannerError("while scanning", mark, problem, mark)
        yield  # pragma: no cover - a generator, as yaml.parse is

    monkeypatch.setattr(sopfile.yaml, "parse", stopping_parse)
    with pytest.raises(SopFileError) as info:
        loads_sop("format: sop-ap/1\ntitle: T\nnote: [[[]]]\n")
    assert info.value.message == DEEP_MESSAGE


def test_python_tags_are_refused_not_constructed() -> None:
    text = "format: sop-ap/1\ntitle: !!python/object/apply:os.system ['echo pwned']\n"
    with pytest.raises(SopFileError) as info:
        loads_sop(text)
    assert info.value.line == 2
    assert "tag YAML '!!python/object/apply:os.system' tidak didukung" in info.value.message


# ---------------------------------------------------------------------------------------------
# The valid fixture and the lines it records
# ---------------------------------------------------------------------------------------------


def test_surat_masuk_fixture_reads_as_expected() -> None:
    sop = load_sop(SURAT_MASUK)
    assert sop.title == "Pengelolaan Surat Masuk"
    assert sop.number == "800/SOP.01/Setda/2018"
    assert sop.dates == Dates(created="2018-07-10")
    assert sop.approval == Approval(position="Sekretaris Daerah")
    assert sop.classification == Classification(
        nature="administratif",
        scope="mikro",
        completeness="final",
        generality="generik",
        activity="rutin",
    )
    assert len(sop.steps) == 9
    assert [s.kind for s in sop.steps].count("decision") == 1
    decision = sop.step(2)
    assert (decision.if_yes, decision.if_no) == (3, 9)
    assert sop.steps[0].kind == "start"
    assert sop.steps[-1].kind == "end"
    assert {s.actor for s in sop.steps} <= set(sop.actors)


def test_lines_are_recorded_for_keys_steps_and_step_fields(parser: str) -> None:
    sop = load_sop(SURAT_MASUK)
    source = SURAT_MASUK.read_text(encoding="utf-8").splitlines()

    def at(line: int) -> str:
        return source[line - 1].strip()

    assert at(sop.lines["title"]) == "title: Pengelolaan Surat Masuk"
    assert at(sop.lines["steps"]) == "steps:"
    assert at(sop.lines["dates.created"]) == "created: 2018-07-10"
    assert at(sop.lines["actors.2"]) == "- Kasubbag Umum"
    for number, step in enumerate(sop.steps, start=1):
        assert step.line is not None
        assert at(step.line) == f"- activity: {step.activity}"
        assert sop.lines[f"steps.{number}"] == step.line
    assert at(sop.lines["steps.2.if_no"]) == "if_no: 9"
    assert at(sop.lines["steps.6.time"]) == "time: 1 hari kerja"
    assert at(sop.lines["steps.3.requirements.2"]) == "- Buku agenda"


def test_lines_do_not_take_part_in_equality() -> None:
    text = SURAT_MASUK.read_text(encoding="utf-8")
    shifted = loads_sop("# komentar\n\n" + text)
    assert shifted == loads_sop(text)
    assert shifted.lines["title"] == loads_sop(text).lines["title"] + 2


# ---------------------------------------------------------------------------------------------
# YAML 1.1 traps
# ---------------------------------------------------------------------------------------------


def test_yaml11_traps_are_read_as_the_text_typed(parser: str) -> None:
    sop = load_sop(TRAPS)
    assert sop.title == "No"
    assert sop.number == "800.10"
    assert sop.unit == "On"
    assert sop.category == "Persuratan"
    assert sop.approval.name == "Yes"
    assert sop.approval.nip == "196501011990031001"
    assert sop.legal_basis == ["1.10"]
    assert sop.actors == ["Off", "true"]
    assert sop.dates == Dates(created="2018-07-10", revised="2019-01-02", effective=None)
    first, decision, last = sop.steps
    assert first.time == "5"
    assert first.note == "1:30"
    assert first.output == ""
    assert first.requirements == ["Berkas permohonan"]
    assert (decision.if_yes, decision.if_no) == (3, 1)
    assert last.output == "2018-07-10"
    assert last.note == "0x1F"


def test_text_that_looks_like_other_types_is_quoted_on_save() -> None:
    text = dumps_sop(load_sop(TRAPS))
    for line in (
        "title: 'No'",
        "number: '800.10'",
        "unit: 'On'",
        "  name: 'Yes'",
        "  nip: '196501011990031001'",
        "  - '1.10'",
        "    time: '5'",
        "    note: '1:30'",
        "    output: '2018-07-10'",
        "    note: '0x1F'",
        "  created: 2018-07-10",
        "  revised: 2019-01-02",
    ):
        assert line in text.splitlines(), line
    assert "effective" not in text


@pytest.mark.parametrize(
    "value",
    [
        "no",
        "Yes",
        "off",
        "ON",
        "y",
        "n",
        "~",
        "null",
        "1.10",
        "1e3",
        "0o17",
        "1_000",
        "12:30:00",
        "2018-07-10",
        ".inf",
        ".NaN",
        "-",
        "? x",
        "- x",
        "#x",
        "a: b",
        "x #y",
        "'q'",
        '"q"',
        "@x",
        "`x",
        "%x",
        "!x",
        "&x",
        "*x",
        "|",
        ">",
        "[a]",
        "{a}",
        " lead",
        "trail ",
        "",
        "<<",
    ],
)
def test_tricky_text_round_trips_as_text(value: str) -> None:
    sop = Sop(title=value, actors=[value], steps=[Step(activity=value, actor=value, time=value)])
    assert loads_sop(dumps_sop(sop)) == sop


def test_title_no_is_accepted_as_text_even_unquoted() -> None:
    assert loads_sop("format: sop-ap/1\ntitle: No\n").title == "No"


# ---------------------------------------------------------------------------------------------
# Writing and round trips
# ---------------------------------------------------------------------------------------------


def test_surat_masuk_fixture_is_in_saved_form() -> None:
    text = SURAT_MASUK.read_text(encoding="utf-8")
    assert dumps_sop(loads_sop(text)) == text


def test_load_save_load_gives_equal_model(tmp_path: Path) -> None:
    for fixture in sorted((DATA / "sop").glob("*.yaml")):
        sop = load_sop(fixture)
        target = tmp_path / fixture.name
        save_sop(sop, target)
        assert load_sop(target) == sop


def test_save_load_save_is_byte_identical(tmp_path: Path) -> None:
    for fixture in sorted((DATA / "sop").glob("*.yaml")):
        first, second = tmp_path / "1.yaml", tmp_path / "2.yaml"
        save_sop(load_sop(fixture), first)
        save_sop(load_sop(first), second)
        assert first.read_bytes() == second.read_bytes()


def test_saved_keys_follow_the_format_order_and_omit_empty_optionals() -> None:
    sop = Sop(
        title="Permintaan ATK",
        category="Persediaan",
        unit="Bagian Umum",
        actors=["Pemohon"],
        steps=[
            Step(activity="Mengisi formulir", actor="Pemohon", kind="start"),
            Step(activity="Menyerahkan barang", actor="Pemohon", time="5 menit"),
        ],
    )
    assert dumps_sop(sop) == (
        "format: sop-ap/1\n"
        "title: Permintaan ATK\n"
        "unit: Bagian Umum\n"
        "category: Persediaan\n"
        "actors:\n"
        "  - Pemohon\n"
        "steps:\n"
        "  - activity: Mengisi formulir\n"
        "    actor: Pemohon\n"
        "    kind: start\n"
        "  - activity: Menyerahkan barang\n"
        "    actor: Pemohon\n"
        "    time: 5 menit\n"
    )


def test_step_keys_are_written_in_order() -> None:
    step = Step(
        activity="Apakah lengkap?",
        actor="Kasubbag",
        kind="decision",
        requirements=["Berkas"],
        time="5 menit",
        output="Berkas diperiksa",
        note="Catatan",
        if_yes=3,
        if_no=1,
        next=4,
    )
    text = dumps_sop(Sop(title="T", actors=["Kasubbag"], steps=[step]))
    keys = [ln.split(":")[0].strip(" -") for ln in text.splitlines() if ln.startswith("    ")]
    keys = [k for k in keys if k and k != "Berkas"]
    assert keys == [
        "actor",
        "kind",
        "requirements",
        "time",
        "output",
        "note",
        "if_yes",
        "if_no",
        "next",
    ]


def test_minimal_sop_writes_empty_actors_and_steps() -> None:
    assert dumps_sop(Sop(title="T")) == "format: sop-ap/1\ntitle: T\nactors: []\nsteps: []\n"


def test_long_activity_is_not_wrapped() -> None:
    activity = " ".join(["Memeriksa kelengkapan berkas permohonan"] * 30)
    text = dumps_sop(Sop(title="T", steps=[Step(activity=activity, actor="A")]))
    assert f"  - activity: {activity}\n" in text


def test_multiline_text_is_a_literal_block() -> None:
    note = "Baris pertama\nBaris kedua: dengan titik dua"
    sop = Sop(title="T", steps=[Step(activity="A", actor="B", note=note)])
    text = dumps_sop(sop)
    assert "    note: |-\n      Baris pertama\n      Baris kedua: dengan titik dua\n" in text
    assert loads_sop(text) == sop


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "sop.yaml"
    target.write_text("isi lama\n", encoding="utf-8")
    save_sop(load_sop(SURAT_MASUK), target)
    assert target.read_bytes() == SURAT_MASUK.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["sop.yaml"]


def test_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sop.yaml"
    target.write_text("isi lama\n", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(SopFileError) as info:
        save_sop(Sop(title="Baru"), target)
    assert "tidak dapat disimpan" in info.value.message
    assert target.read_text(encoding="utf-8") == "isi lama\n"
    assert [p.name for p in tmp_path.iterdir()] == ["sop.yaml"]


def test_save_into_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SopFileError) as info:
        save_sop(Sop(title="T"), tmp_path / "tidak-ada" / "sop.yaml")
    assert "tidak dapat disimpan" in info.value.message


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfformat: sop-ap/1\ntitle: Surat\n")
    assert load_sop(path).title == "Surat"


_PRINTABLE_TRAPS = st.sampled_from(list(" \n\t:#-'\"[]{}&*!|>%@`,?~\\\r\x85\u2028\u00a0é0.1yYnN"))
_TEXT = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.text(alphabet=_PRINTABLE_TRAPS, max_size=12),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, _TEXT, st.lists(_TEXT, max_size=3), st.one_of(st.none(), st.integers(1, 999)))
def test_any_text_round_trips_through_yaml(a: str, b: str, items: list[str], n: int | None) -> None:
    sop = Sop(
        title=a,
        number=b,
        category=b,
        approval=Approval(name=a),
        legal_basis=items,
        actors=items,
        steps=[Step(activity=a, actor=b, requirements=items, note=a + "\n" + b, if_no=n)],
    )
    text = dumps_sop(sop)
    again = loads_sop(text)
    assert again == sop
    assert dumps_sop(again) == text


# ---------------------------------------------------------------------------------------------
# Plain data (what the store keeps in TinyDB)
# ---------------------------------------------------------------------------------------------


def test_dict_round_trip_is_json_and_equal() -> None:
    sop = load_sop(SURAT_MASUK)
    data = sop_to_dict(sop)
    assert list(data)[:4] == ["format", "title", "number", "unit"]
    assert data["dates"] == {"created": "2018-07-10"}
    assert sop_from_dict(json.loads(json.dumps(data))) == sop


def test_dict_validation_has_no_line_but_names_the_problem() -> None:
    data = sop_to_dict(load_sop(SURAT_MASUK))
    data["steps"][1]["kind"] = "keputusan"
    with pytest.raises(SopFileError) as info:
        sop_from_dict(data, "unit/setda.json")
    assert info.value.line is None
    assert str(info.value).startswith("unit/setda.json: nilai 'keputusan' untuk 'steps.2.kind'")


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"title": 5}, "'title' harus berupa teks"),
        ({"title": True}, "'title' harus berupa teks"),
        ({"steps": [{"activity": "A", "actor": "B", "if_no": "dua"}]}, "nomor langkah"),
        ({"steps": [{"activity": "A", "actor": "B", "next": True}]}, "nomor langkah"),
        ({"steps": [{"activity": "A"}]}, "kunci wajib 'actor'"),
        ({"dates": {"created": "10/07/2018"}}, "TTTT-BB-HH"),
        ({"extra": 1}, "kunci 'extra' tidak dikenal"),
        ({"format": "sop-ap/9"}, "tidak didukung"),
        ({"actors": [None]}, "kosong"),
        ({"actors": [{"a": 1}]}, "harus berupa teks"),
        ({"unit": object()}, "tidak didukung"),
    ],
)
def test_dict_validation_errors(change: dict[str, object], fragment: str) -> None:
    data: dict[str, object] = {"format": "sop-ap/1", "title": "T", **change}
    with pytest.raises(SopFileError) as info:
        sop_from_dict(data)
    assert fragment in info.value.message
    assert str(info.value).startswith("<data>: ")


def test_dict_accepts_date_objects_and_normalises_them() -> None:
    import datetime as dt

    sop = sop_from_dict(
        {"format": "sop-ap/1", "title": "T", "dates": {"created": dt.date(2018, 7, 10)}}
    )
    assert sop.dates.created == "2018-07-10"


def test_error_is_picklable_and_formats_consistently() -> None:
    err = SopFileError("a.yaml", 7, "kunci 'x' tidak dikenal")
    assert str(err) == "a.yaml:7: kunci 'x' tidak dikenal"
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.path, copy.line, copy.message) == ("a.yaml", 7, "kunci 'x' tidak dikenal")
    assert str(SopFileError("a.yaml", None, "berkas kosong")) == "a.yaml: berkas kosong"


def test_format_reference_example_is_valid_and_in_saved_form() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    match = re.search(r"```yaml\n(.*?)```", doc, re.S)
    assert match is not None
    example = match.group(1)
    sop = loads_sop(example, "docs/format.md")
    assert dumps_sop(sop) == example
    assert sop.step(2).kind == "decision"


@pytest.mark.parametrize(
    ("char", "code"), [("\x00", "U+0000"), ("\ud800", "U+D800"), ("\ufffe", "U+FFFE")]
)
def test_characters_yaml_forbids_are_reported_with_their_line(
    char: str, code: str, parser: str
) -> None:
    with pytest.raises(SopFileError) as info:
        loads_sop(f"format: sop-ap/1\ntitle: T\nunit: a{char}b\n")
    assert info.value.line == 3
    assert f"kode {code}" in info.value.message


_YAML_PIECES = st.sampled_from(
    ["format: sop-ap/1\n", "title: ", "steps:\n", "  - ", "activity: ", "actor: ", "kind: ",
     "decision", "if_yes: ", "3", "\n", "  ", "    ", ":", "- ", "[", "]", "{", "}", ",", "&a ",
     "*a", "!!str ", "!x ", "'", '"', "#", "|", ">", "\t", "---\n", "...\n", "? ", "yes", "no",
     "~", "2018-02-30", "é", "\x85", "\u2028", "\r", "dates: ", "created: ", "requirements: ",
     "%YAML 1.1\n", "<<: ", "\\", "\ufeff"]
)  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_YAML_PIECES, max_size=40))
def test_any_text_gives_an_sop_or_a_sop_file_error(pieces: list[str]) -> None:
    try:
        loads_sop("".join(pieces), "acak.yaml")
    except SopFileError as err:
        assert str(err).startswith("acak.yaml")
        assert err.message


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_KEYS = st.sampled_from(list(sopfile.TOP_KEYS))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_KEYS, _JSON, max_size=5))
def test_any_plain_data_gives_an_sop_or_a_sop_file_error(data: dict[str, object]) -> None:
    try:
        sop_from_dict({"format": "sop-ap/1", "title": "T", **data})
    except SopFileError as err:
        assert err.line is None
        assert str(err).startswith("<data>: ")


def _pyyaml_reference(sop: Sop) -> str:
    return sopfile._dumps_pyyaml(sopfile._dates_for_yaml(sop_to_dict(sop)))


_PIECES = st.sampled_from(
    [*" \n\t:#-'\"[]{}&*!|>%@`,?~\\\r\x85\u2028\u00a0\ufeffé0.1yN/", "...", "---", ": ", " #",
     "no", "yes", "2018-07-10", "1.10", "x"]
)  # fmt: skip
_ANY_TEXT = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.lists(_PIECES, max_size=8).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ANY_TEXT, _ANY_TEXT, st.lists(_ANY_TEXT, max_size=3), st.one_of(st.none(), _ANY_TEXT))
def test_direct_emitter_writes_exactly_what_pyyaml_writes(
    a: str, b: str, items: list[str], date: str | None
) -> None:
    sop = Sop(
        title=a,
        number=b,
        dates=Dates(created="2018-07-10", revised=date),
        approval=Approval(position=a, nip=b),
        legal_basis=items,
        actors=items,
        steps=[
            Step(activity=a, actor=b, kind="decision", requirements=items, time=b, if_yes=2),
            Step(activity=b, actor=a),
        ],
    )
    assert dumps_sop(sop) == _pyyaml_reference(sop)


def test_templates_and_fixtures_are_written_like_pyyaml() -> None:
    root = Path(__file__).parents[1]
    files = [*root.glob("templates/sop/*.yaml"), *(DATA / "sop").glob("*.yaml")]
    assert files
    for path in files:
        sop = load_sop(path)
        assert dumps_sop(sop) == _pyyaml_reference(sop), path.name


def test_another_format_is_reported_before_its_unknown_keys() -> None:
    text = "judul_baru: X\nformat: sop-ap/2\ntitle: T\n"
    with pytest.raises(SopFileError) as info:
        loads_sop(text)
    assert info.value.line == 2
    assert "format 'sop-ap/2' tidak didukung" in info.value.message
