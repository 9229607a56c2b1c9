"""Briefing slides: built from the guideline, five symbols drawn, a worked example."""

from __future__ import annotations

import dataclasses

from workshop.pedoman import load_pedoman
from workshop.sesi.slides import briefing_slides, example_sop, symbol_drawing


def test_slides_follow_the_guideline() -> None:
    pedoman = load_pedoman()
    slides = briefing_slides(pedoman, example_sop())
    titles = [s.title for s in slides]
    assert "Delapan prinsip penyusunan" in titles
    assert "Lima tahap penyusunan" in titles
    assert "Lima simbol diagram alir" in titles
    principles = "\n".join(slides[titles.index("Delapan prinsip penyusunan")].lines)
    for principle in pedoman.principles:
        assert principle.name.capitalize() in principles
    stages = "\n".join(slides[titles.index("Lima tahap penyusunan")].lines)
    assert all(stage.name in stages for stage in pedoman.stages)
    assert titles[-2:] == ["Contoh: Permintaan Alat Tulis Kantor",
                           "Contoh diagram alir: Permintaan Alat Tulis Kantor"]
    assert any("Pegawai" in line and "Pengurus Barang" in line for line in slides[-1].lines)


def test_the_five_symbols_are_drawn_and_named() -> None:
    pedoman = load_pedoman()
    symbols = next(s for s in briefing_slides(pedoman) if s.title.endswith("simbol diagram alir"))
    text = "\n".join(symbols.lines)
    for symbol in pedoman.symbols:
        drawing = symbol_drawing(symbol.id)
        assert drawing, symbol.id
        assert drawing[0].rstrip() in text
        assert symbol.name in text
    assert "╭" in text and "┌" in text and "╱╲" in text and "▼" in text


def test_a_changed_guideline_changes_the_slides() -> None:
    pedoman = load_pedoman()
    fewer = dataclasses.replace(pedoman, principles=pedoman.principles[:3])
    titles = [s.title for s in briefing_slides(fewer)]
    text = "\n".join(briefing_slides(fewer)[2].lines)
    assert "Tiga prinsip penyusunan" in titles
    assert text.count("\n") < "\n".join(briefing_slides(pedoman)[2].lines).count("\n")
