"""The field declaration (workshop.fields) is the one list: every derived list equals it, and a
step field added to it (the recipe in docs/architecture.md) reaches YAML, the editor's form and
operations, the version diff and the store."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from workshop import sopfile
from workshop.export.markdown import flowchart_table
from workshop.export.sop_table import sop_table, value_columns
from workshop.fields import IDENTITY_LISTS, SOP_FIELDS, STEP_FIELDS, identity_form, step_form
from workshop.model import Sop, Step
from workshop.stages.pengembangan import approval, editing
from workshop.tui.stages.pengembangan.editor import IDENTITY_FORM, STEP_FORM

ROOT = Path(__file__).resolve().parent.parent
STEP_KEYS = [s.key for s in STEP_FIELDS]
SOP_KEYS = [s.key for s in SOP_FIELDS]


def test_every_model_field_is_declared_once() -> None:
    compared = [f.name for f in dataclasses.fields(Step) if f.compare]
    assert sorted(STEP_KEYS) == sorted(compared)
    assert sorted(SOP_KEYS) == sorted(f.name for f in dataclasses.fields(Sop) if f.compare)
    assert len(set(STEP_KEYS)) == len(STEP_KEYS) and len(set(SOP_KEYS)) == len(SOP_KEYS)


def test_the_yaml_keys_and_aliases_are_the_declaration() -> None:
    assert ("format", *SOP_KEYS) == sopfile.TOP_KEYS
    assert list(sopfile.STEP_KEYS) == STEP_KEYS
    for spec in STEP_FIELDS:
        for alias in spec.aliases:
            assert alias not in STEP_KEYS
            assert f"'{spec.key}'" in _problem(f"  - activity: A\n    actor: B\n    {alias}: x\n")


def _problem(steps: str) -> str:
    text = f"format: sop-ap/1\ntitle: T\nactors: [B]\nsteps:\n{steps}"
    try:
        sopfile.loads_sop(text)
    except sopfile.SopFileError as err:
        return err.message
    raise AssertionError("no error")


def test_the_editor_operations_are_the_declaration() -> None:
    assert list(editing.STEP_FIELDS) == STEP_KEYS
    kinds = {s.key: s.kind for s in SOP_FIELDS}
    assert [k for k in SOP_KEYS if kinds[k] == "text"] == list(editing.SCALAR_FIELDS)
    assert [k for k in SOP_KEYS if kinds[k] == "list"] == list(editing.LIST_FIELDS)
    assert list(editing.GROUP_FIELDS) == ["dates", "approval", "classification"]


def test_the_editor_forms_are_the_declaration() -> None:
    assert [name for name, _, _ in STEP_FORM] == [s.key for s in step_form()]
    assert sorted(name for name, _, _ in STEP_FORM) == sorted(STEP_KEYS)
    assert [label for _, label, _ in STEP_FORM] == [s.label for s in step_form()]
    assert [path for path, _, _ in IDENTITY_FORM] == [path for path, _ in identity_form()]
    assert [key for key, _ in IDENTITY_LISTS] == [
        "legal_basis", "qualifications", "related", "equipment", "warnings", "records"]


def test_the_diff_labels_are_the_declaration() -> None:
    assert {s.key: s.diff_label for s in STEP_FIELDS} == approval.STEP_FIELD_LABELS
    old = Sop(title="A", steps=[Step("Menerima", "Staf")])
    new = Sop(title="A", steps=[Step("Menerima", "Staf", time="5 menit", note="x")])
    assert approval.diff_versions(old, new).lines() == [
        "Langkah 1 diubah (waktu, keterangan): Menerima"]


def test_the_official_table_columns_are_the_declaration() -> None:
    sop = Sop(title="A", actors=["Staf"], steps=[Step("Menerima", "Staf", requirements=["Surat"])])
    view = sop_table(sop)
    assert [c.label for c in view.columns] == ["Kelengkapan", "Waktu", "Output", "Keterangan"]
    assert [c.label for c in view.mutu_baku] == ["Kelengkapan", "Waktu", "Output"]
    assert view.columns == value_columns()
    assert [c.key for c in view.columns] == [
        s.key for s in STEP_FIELDS if s.section in ("mutu_baku", "keterangan")]
    header = flowchart_table(sop).splitlines()[0]
    assert [h.strip() for h in header.strip("|").split("|")] == list(view.header())


# ---------------------------------------------------------------------------------------------
# The recipe "How to add a step field", followed in a copy of the package
# ---------------------------------------------------------------------------------------------

# The two edits of the recipe (docs/architecture.md), as (file, anchor, text put after it).
RECIPE = (
    ("model.py", '    next: int | None = None  # optional jump; default: the next step\n',
     '    pic: str = ""  # Penanggung jawab\n'),
    ("fields.py", '              hint="kosong: langkah berikutnya", aliases=("lanjut",)),\n',
     '    FieldSpec("pic", "Penanggung jawab", "text", diff_label="penanggung jawab",\n'
     '              hint="nama jabatan", aliases=("penanggung_jawab", "pj")),\n'),
)

CHECK = textwrap.dedent('''
    import copy
    from workshop import sopfile, store
    from workshop.stages.pengembangan import approval
    from workshop.stages.pengembangan.editing import SopEditor, field_changes
    from workshop.model import Sop, SopRecord, Step
    from workshop.tui.stages.pengembangan.editor import STEP_FORM

    sop = Sop(title="Surat", actors=["Staf"], steps=[Step("Menerima", "Staf", pic="Kasubbag")])
    text = sopfile.dumps_sop(sop)
    assert "    pic: Kasubbag\\n" in text, text
    assert sopfile.loads_sop(text) == sop
    try:
        sopfile.loads_sop(text.replace("pic:", "pj:"))
    except sopfile.SopFileError as err:
        assert "mungkin maksud Anda 'pic'?" in err.message, err.message
    else:
        raise AssertionError("alias accepted as a key")

    assert STEP_FORM[-1] == ("pic", "Penanggung jawab", "nama jabatan"), STEP_FORM

    editor = SopEditor(sop)
    editor.set_step_field(1, "pic", "  Sekretaris ")
    assert field_changes(sop, editor.sop) == [("steps.1.pic", "Kasubbag", "Sekretaris")]
    assert approval.diff_versions(sop, editor.sop).lines() == [
        "Langkah 1 diubah (penanggung jawab): Menerima"]

    record = SopRecord(id="sop-1", sop=editor.sop)
    assert store.decode(SopRecord, store.encode(record)) == record
    print("ok")
''')


def test_adding_a_step_field_by_the_recipe(tmp_path: Path) -> None:
    package = tmp_path / "workshop"
    shutil.copytree(ROOT / "workshop", package,
                    ignore=shutil.ignore_patterns("__pycache__", "_data"))
    for name, anchor, added in RECIPE:
        path = package / name
        text = path.read_text(encoding="utf-8")
        assert text.count(anchor) == 1, f"the recipe's anchor moved in {name}"
        path.write_text(text.replace(anchor, anchor + added), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
