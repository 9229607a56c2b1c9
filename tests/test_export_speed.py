"""The fast paths of the exporters give exactly what the plain versions gave (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.export import mdutil
from workshop.exporting import Job, run_jobs

# The implementation before the fast paths, kept here as the reference.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~!{}])")
_LEADING = re.compile(r"^([#+\-=>]|\d+[.)])")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def _ref_one_line(text: str) -> str:
    return " ".join(_CONTROL.sub("", text).split())


def _ref_inline(text: str) -> str:
    escaped = _SPECIAL.sub(r"\\\1", _ref_one_line(text))
    return _LEADING.sub(lambda m: mdutil._escape_marker(m.group(1)), escaped)


TRICKY = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("#+-=>.)1٣² \t\n\r\x0b\x0c\x1c\x85\xa0\u2028")),
        st.sampled_from(list("*_`[]<>|&~!{}\\\x00\x7f\x9f")),
        st.characters(),
    ),
    max_size=30,
)


@settings(max_examples=2000, deadline=None)
@given(TRICKY)
def test_inline_and_one_line_match_the_reference(text: str) -> None:
    assert mdutil.one_line(text) == _ref_one_line(text)
    assert mdutil.inline(text) == _ref_inline(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1. Kepala", "1\\. Kepala"),
        ("# judul", "\\# judul"),
        ("> kutip", "\\> kutip"),
        ("a|b", "a\\|b"),
        ("Baris\x07 satu\nbaris dua", "Baris satu baris dua"),
        ("biasa saja", "biasa saja"),
    ],
)
def test_inline_examples(text: str, shown: str) -> None:
    assert mdutil.inline(text) == shown


def test_run_jobs_refuses_a_folder_symlink_leaving_the_output(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "unit").symlink_to(elsewhere)
    with pytest.raises(ValueError):
        run_jobs([Job(("unit", "a.md"), lambda: "x")], out)
    assert list(elsewhere.iterdir()) == []


def test_run_jobs_refuses_a_file_symlink_leaving_the_output(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside.md"
    out.mkdir()
    outside.write_text("asli", encoding="utf-8")
    (out / "a.md").symlink_to(outside)
    with pytest.raises(ValueError):
        run_jobs([Job(("a.md",), lambda: "x")], out)
    assert outside.read_text(encoding="utf-8") == "asli"


def test_run_jobs_writes_nested_files_in_job_order(tmp_path: Path) -> None:
    jobs = [Job((f"u{i % 3}", f"s{i}.md"), lambda i=i: f"isi {i}\n") for i in range(7)]
    written = run_jobs(jobs, tmp_path / "out")
    assert written == [tmp_path / "out" / f"u{i % 3}" / f"s{i}.md" for i in range(7)]
    assert [p.read_bytes() for p in written] == [f"isi {i}\n".encode() for i in range(7)]
