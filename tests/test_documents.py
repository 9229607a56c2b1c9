"""The documents a workshop exports are declared once (workshop/documents.py); the command line,
the export screen and the exporter derive from it, and a new document takes the recipe of
docs/architecture.md ("How to add a stage document")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from workshop import cli, documents, exporting
from workshop.export.mdutil import fixed_heading, inline, join_blocks, md_parser
from workshop.exporting import Job
from workshop.model import Unit
from workshop.store import Store
from workshop.tui.screens import export_plan


def _parser_choices() -> tuple[str, ...]:
    """The --what choices of ``sop-workshop export`` (argparse's own list)."""
    export = cli._parser()._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
    what = next(a for a in export._actions if a.dest == "what")
    return tuple(what.choices or ())


def test_every_list_of_documents_is_the_declaration() -> None:
    keys = documents.keys()
    assert _parser_choices() == keys
    offered = export_plan.whats()
    assert offered[-1] == (export_plan.BUNDLE, export_plan.BUNDLE_LABEL)
    assert offered[:-1] == [(d.key, d.label) for d in documents.DOCUMENTS]
    assert export_plan.unit_whats() == {d.key for d in documents.DOCUMENTS if d.per_unit}
    for document in documents.DOCUMENTS:
        assert callable(getattr(exporting, document.build)), document.build


# The recipe, step by step: 1. a pure *_markdown function (in workshop/export/markdown/),
# 2. one Document line, 3. its builder in workshop/exporting.py.
def team_list_markdown(unit: Unit, names: list[str]) -> str:
    return join_blocks([fixed_heading(1, "Daftar Tim"), inline(unit.name),
                        "\n".join(f"- {inline(n)}" for n in names)])


def team_list_jobs(store: Store, units: list[Unit], fmt: str, unit_name: str | None) -> list[Job]:
    def maker(u: Unit) -> Callable[[], str]:
        return lambda: team_list_markdown(u, [m.name for m in store.members(u.slug)])

    return [Job((f"tim-{u.slug}.{fmt}",), maker(u)) for u in units]


def test_a_new_document_by_the_recipe_is_exported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.create(tmp_path / "ws", "Uji dokumen")
    unit = store.add_unit("Dinas Pendidikan")
    store.add_member(unit.slug, "Siti [Ketua]", role="ketua")
    monkeypatch.setattr(documents, "DOCUMENTS", (
        *documents.DOCUMENTS, documents.Document("tim", "Daftar tim", True, "team_list_jobs")))
    monkeypatch.setattr(exporting, "team_list_jobs", team_list_jobs, raising=False)

    assert "tim" in _parser_choices()
    assert ("tim", "Daftar tim") in export_plan.whats_for(store)
    assert export_plan.uses_units("tim")
    out = tmp_path / "out"
    assert cli.main(["export", str(tmp_path / "ws"), "--what", "tim", "--out", str(out)]) == 0
    text = (out / f"tim-{unit.slug}.md").read_text(encoding="utf-8")
    html = md_parser().render(text)
    assert "<h1>Daftar Tim</h1>" in html
    assert "<li>Siti [Ketua]</li>" in html  # user text literal, never markup
    assert f"tim-{unit.slug}.md" in capsys.readouterr().out
