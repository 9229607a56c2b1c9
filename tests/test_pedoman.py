"""templates/pedoman.yaml and its loader: contents, model vocabularies, file:line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from workshop import model, resources
from workshop.pedoman import Pedoman, PedomanError, load_pedoman, parse_pedoman

TEXT = resources.pedoman_path().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ped() -> Pedoman:
    return load_pedoman()


def _line_of(text: str, fragment: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in text")


# -- contents ---------------------------------------------------------------------------------


def test_five_stages_in_order(ped: Pedoman) -> None:
    assert [s.id for s in ped.stages] == [
        "persiapan",
        "kebutuhan",
        "pengembangan",
        "penerapan",
        "monev",
    ]
    for stage in ped.stages:
        assert stage.name and stage.description
        assert stage.substeps, stage.id
        assert stage.exit_checklist, stage.id


def test_development_has_the_five_steps(ped: Pedoman) -> None:
    names = [s.name for s in ped.stage("pengembangan").substeps]
    assert names[0].startswith("Pengumpulan informasi")
    assert names[-1] == "Pengesahan"
    assert len(names) == 5


def test_readiness_items(ped: Pedoman) -> None:
    ids = [i.id for i in ped.readiness]
    for needed in (
        "tim_dibentuk",
        "sk_terbit",
        "anggota_dilatih",
        "dokumen_tupoksi",
        "dasar_hukum",
    ):
        assert needed in ids
    assert all(i.label for i in ped.readiness)


def test_eight_drafting_principles(ped: Pedoman) -> None:
    assert [p.name for p in ped.principles] == [
        "kemudahan dan kejelasan",
        "efisiensi dan efektivitas",
        "keselarasan",
        "keterukuran",
        "dinamis",
        "berorientasi pada pengguna",
        "kepatuhan hukum",
        "kepastian hukum",
    ]
    assert ped.principle("keterukuran").meaning
    assert ped.principle("kemudahan dan kejelasan").id == "kemudahan_kejelasan"
    assert len(ped.implementation_principles) == 6


def test_five_symbols_cover_every_step_kind(ped: Pedoman) -> None:
    assert len(ped.symbols) == 5
    assert ped.symbol_for("start").id == ped.symbol_for("end").id == "kapsul"
    assert ped.symbol_for("process").id == "kotak"
    assert ped.symbol_for("decision").id == "belah_ketupat"
    for kind in model.STEP_KINDS:
        ped.symbol_for(kind)


@pytest.mark.parametrize(
    ("vocabulary", "expected"),
    [
        ("nature", model.NATURES),
        ("scope", model.SCOPES),
        ("completeness", model.COMPLETENESS),
        ("generality", model.GENERALITIES),
        ("activity", model.ACTIVITIES),
    ],
)
def test_classification_equals_model(
    ped: Pedoman, vocabulary: str, expected: tuple[str, ...]
) -> None:
    assert ped.vocabulary(vocabulary).ids == expected


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        ("sop_statuses", model.SOP_STATUSES),
        ("team_models", model.TEAM_MODELS),
        ("team_roles", model.TEAM_ROLES),
        ("existing_decisions", model.EXISTING_DECISIONS),
        ("evaluation_decisions", model.EVALUATION_DECISIONS),
    ],
)
def test_term_lists_equal_model(ped: Pedoman, attribute: str, expected: tuple[str, ...]) -> None:
    assert tuple(t.id for t in getattr(ped, attribute)) == expected


def test_monitoring_and_evaluation(ped: Pedoman) -> None:
    assert ped.monitoring_assessments == model.MONITORING_ASSESSMENTS
    assert len(ped.monitoring_methods) == 5
    assert len(ped.evaluation_questions) == 7
    assert ped.evaluation_questions[1].text == "Apakah SOP mudah dipahami?"
    assert ped.monitoring_interval_months == 6


def test_vocabularies_for_needs_and_development(ped: Pedoman) -> None:
    for aspek in ("penyusunan", "pelaksanaan", "evaluasi", "pelaporan", "publikasi", "distribusi"):
        assert aspek in ped.aspek
    assert [t.id for t in ped.development_techniques] == [
        "brainstorming",
        "fgd",
        "wawancara",
        "survei",
        "benchmark",
        "telaah_dokumen",
    ]
    assert [t.id for t in ped.implementation_kinds] == ["sosialisasi", "pelatihan", "distribusi"]
    assert len(ped.team_duties) == 10


def test_page_limits(ped: Pedoman) -> None:
    assert (ped.max_actors, ped.max_steps) == (7, 20)


def test_unknown_ids_raise_key_error(ped: Pedoman) -> None:
    with pytest.raises(KeyError):
        ped.stage("tidak-ada")
    with pytest.raises(KeyError):
        ped.principle("tidak-ada")


def test_default_is_cached() -> None:
    assert load_pedoman() is load_pedoman()


def test_explicit_path(tmp_path: Path) -> None:
    path = tmp_path / "pedoman.yaml"
    path.write_text(TEXT.replace("max_actors: 7", "max_actors: 6"), encoding="utf-8")
    assert load_pedoman(path).max_actors == 6


# -- the active-verb rule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "active"),
    [
        ("Menerima", True),
        ("mencatat", True),
        ("Memeriksa", True),
        ("Mengagendakan", True),
        ("Menyusun", True),
        ("Mengecek", True),
        ("Berkoordinasi", True),
        ("Hadir", True),
        ("Menandatangani,", True),
        ("Surat", False),
        ("Diterima", False),
        ("Kasubbag", False),
        ("Menteri", False),
        ("Melalui", False),
        ("Berkas", False),
        ("Me", False),
        ("", False),
    ],
)
def test_active_verb_rule(ped: Pedoman, word: str, active: bool) -> None:
    assert ped.verbs.is_active_verb(word) is active


# -- validation -------------------------------------------------------------------------------


def test_wrong_type_names_its_line() -> None:
    bad = TEXT.replace("max_steps: 20", "max_steps: dua puluh")
    with pytest.raises(PedomanError) as err:
        parse_pedoman(bad, "p.yaml")
    assert err.value.line == _line_of(bad, "max_steps: dua puluh")
    assert "page.max_steps" in err.value.message
    assert str(err.value).startswith(f"p.yaml:{err.value.line}: ")


def test_unknown_key_names_its_line() -> None:
    bad = TEXT.replace("  max_actors: 7", "  max_actors: 7\n  max_pages: 3")
    with pytest.raises(PedomanError) as err:
        parse_pedoman(bad, "p.yaml")
    assert err.value.line == _line_of(bad, "max_pages")
    assert "max_pages" in err.value.message and "tidak dikenal" in err.value.message


def test_missing_key_names_the_record() -> None:
    bad = TEXT.replace("    label: Tim Penyusun SOP sudah dibentuk\n", "")
    with pytest.raises(PedomanError) as err:
        parse_pedoman(bad, "p.yaml")
    assert err.value.line == _line_of(bad, "- id: tim_dibentuk")
    assert "'label' wajib ada" in err.value.message


def test_duplicate_id_is_an_error() -> None:
    bad = TEXT.replace("  - id: sk_terbit", "  - id: tim_dibentuk")
    with pytest.raises(PedomanError) as err:
        parse_pedoman(bad, "p.yaml")
    assert "lebih dari sekali" in err.value.message
    assert err.value.line == _line_of(bad, "label: SK tim penyusun sudah diterbitkan") - 1


def test_empty_text_value_is_an_error() -> None:
    bad = TEXT.replace("regulation: Peraturan", 'regulation: ""\n# Peraturan', 1)
    with pytest.raises(PedomanError) as err:
        parse_pedoman(bad, "p.yaml")
    assert err.value.line == _line_of(bad, 'regulation: ""')


def test_wrong_format_and_bad_yaml() -> None:
    with pytest.raises(PedomanError, match="format harus 'pedoman/1'"):
        parse_pedoman(TEXT.replace("format: pedoman/1", "format: pedoman/2"))
    with pytest.raises(PedomanError) as err:
        parse_pedoman("format: pedoman/1\nstages: [\n", "p.yaml")
    assert "YAML tidak sah" in err.value.message
    with pytest.raises(PedomanError, match="pemetaan"):
        parse_pedoman("- satu\n- dua\n")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PedomanError, match="tidak ditemukan"):
        load_pedoman(tmp_path / "tidak-ada.yaml")


# -- one parse, C loader when PyYAML has libyaml ------------------------------------------------


def test_the_c_safe_loader_reads_the_guideline_when_pyyaml_has_libyaml() -> None:
    from workshop import yamllines

    if getattr(yaml, "__with_libyaml__", False):
        assert yamllines._FAST_SAFE_LOADER is yaml.CSafeLoader
    else:
        assert yamllines._FAST_SAFE_LOADER is yaml.SafeLoader


def test_the_pure_python_loader_gives_the_same_guideline_and_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without libyaml (the fallback) the guideline and every message are the same."""
    from workshop import yamllines

    bads = [
        TEXT.replace("max_steps: 20", "max_steps: dua puluh"),
        TEXT.replace("  max_actors: 7", "  max_actors: 7\n  max_pages: 3"),
        TEXT.replace("    label: Tim Penyusun SOP sudah dibentuk\n", ""),
        "format: pedoman/1\nstages: [\n",
        "format: pedoman/1\nstages: x: y\n",
    ]

    def messages() -> list[str]:
        out = []
        for bad in bads:
            with pytest.raises(PedomanError) as err:
                parse_pedoman(bad, "p.yaml")
            out.append(str(err.value))
        return out

    fast = parse_pedoman(TEXT), messages()
    monkeypatch.setattr(yamllines, "_FAST_SAFE_LOADER", yaml.SafeLoader)
    assert (parse_pedoman(TEXT), messages()) == fast


@pytest.mark.parametrize(
    "bad",
    ["format: pedoman/1\nstages: [\n", "format: pedoman/1\nstages: x: y\n",
     "format: pedoman/1\nregulation: 'tanpa tutup\n", "format: pedoman/1\n\tstages: []\n"],
)
def test_a_yaml_error_is_worded_as_the_pure_python_loader_words_it(bad: str) -> None:
    """libyaml words its errors differently: the message stays the one people always saw."""
    with pytest.raises(yaml.YAMLError) as raw:
        yaml.load(bad, Loader=yaml.SafeLoader)
    mark = raw.value.problem_mark  # type: ignore[attr-defined]
    with pytest.raises(PedomanError) as err:
        parse_pedoman(bad, "p.yaml")
    assert str(err.value) == f"p.yaml:{mark.line + 1}: YAML tidak sah: {raw.value.problem}"  # type: ignore[attr-defined]


def test_a_self_referencing_alias_is_a_clear_error_not_a_crash() -> None:
    bad = TEXT.replace("regulation: Peraturan", "regulation: &r [*r]\n# Peraturan", 1)
    with pytest.raises(PedomanError) as err:
        parse_pedoman(bad, "p.yaml")
    assert err.value.line == _line_of(bad, "regulation: &r")
    assert "'regulation' harus berupa teks" in err.value.message
