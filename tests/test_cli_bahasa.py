"""The command line speaks Bahasa Indonesia: argparse's own words (help, usage, errors) too,
and the hidden ``participant`` command is never offered to a person."""

from __future__ import annotations

import argparse
import re

import pytest

from workshop.cli import PARTICIPANT, main, parse
from workshop.cli_bahasa import MESSAGES, bahasa, translate

# What argparse prints in English when nothing translates it.
ENGLISH = re.compile(
    r"usage:|positional arguments|options:|optional arguments|show this help|"
    r"show program's|error:|invalid choice|the following arguments|unrecognized arguments|"
    r"expected one argument|choose from"
)
COMMANDS = ("check", "export", "new", "import", "open", "demo", "serve")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    out, err = capsys.readouterr()
    code = stop.value.code
    return (code if isinstance(code, int) else 1), out + err


def test_help_of_every_command_is_in_bahasa(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], *([c, "--help"] for c in COMMANDS)):
        code, text = _run(capsys, *argv)
        assert code == 0, argv
        assert not ENGLISH.search(text), (argv, ENGLISH.search(text))
        assert text.startswith("penggunaan: sop-workshop"), argv
        assert "tampilkan bantuan ini lalu keluar" in text
    _, text = _run(capsys, "export", "--help")
    assert "argumen:" in text and "opsi:" in text


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["export", "x.yaml", "--format", "zz"],
         "argumen --format: pilihan tidak dikenal: 'zz' (pilih salah satu:"),
        (["export"], "argumen berikut wajib diisi: SUMBER"),
        (["check"], "argumen berikut wajib diisi: JALUR"),
        (["serve", "w", "--port", "delapan"], "argumen --port: nilai int tidak sah: 'delapan'"),
        (["check", "a.yaml", "--bogus"], "argumen tidak dikenal: --bogus"),
        (["export", "x.yaml", "--unit"], "argumen --unit: perlu satu nilai"),
    ],
)
def test_parser_errors_are_in_bahasa(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, text = _run(capsys, *argv)
    assert code == 2
    assert "kesalahan: " + expected in text
    assert text.startswith("penggunaan: ")
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_unknown_command_does_not_offer_the_hidden_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, text = _run(capsys, "eksport")
    assert code == 2
    assert "pilihan tidak dikenal: 'eksport'" in text
    for command in COMMANDS:
        assert f"'{command}'" in text
    assert PARTICIPANT not in text
    _, help_text = _run(capsys, "--help")
    assert PARTICIPANT not in help_text


def test_the_hidden_command_still_parses() -> None:
    args = parse([PARTICIPANT, "folder-workshop"])
    assert (args.command, args.directory) == (PARTICIPANT, "folder-workshop")


def test_translation_is_scoped_to_the_block() -> None:
    english = argparse.ArgumentParser(prog="lain").format_usage()
    with bahasa():
        inside = argparse.ArgumentParser(prog="lain").format_usage()
    after = argparse.ArgumentParser(prog="lain").format_usage()
    assert english.startswith("usage: ") and after.startswith("usage: ")
    assert inside.startswith("penggunaan: ")


def test_the_table_keeps_every_placeholder() -> None:
    for english, ours in MESSAGES.items():
        assert sorted(re.findall(r"%\(\w+\)[sr]|%[sr]", english)) == sorted(
            re.findall(r"%\(\w+\)[sr]|%[sr]", ours)
        ), english
    assert translate("a sentence argparse adds later") == "a sentence argparse adds later"
