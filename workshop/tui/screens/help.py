"""F1: the keys and the five stages, in Bahasa Indonesia."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown

from workshop.tui.guide import Guide

KEYS = """\
## Tombol

- `F1` — bantuan ini
- `ctrl+p` — palet perintah: semua tindakan aplikasi, cukup ketik sebagian namanya
- `F2` — tampilkan/sembunyikan panel tahapan
- `F5` — tampilan proyektor papan kemajuan
- panel tahapan (kiri) — klik tahap, atau `↑` `↓` lalu `Enter`; juga `ctrl+p` → "Tahap"
- `ctrl+PageDown` / `ctrl+PageUp` — tahap berikutnya / sebelumnya (lalu papan kemajuan)
- `ctrl+b` — papan kemajuan
- `F6` — sesi dan agenda (timer, kehadiran, notulen)
- `ctrl+t` — ganti tema (tenang / proyektor)
- `Tab`, `shift+Tab` — pindah antarbagian
- `↑` `↓`, `Enter` — pilih baris, buka/ubah
- `1` `2` `3` `4` — Persiapan: panel Kegiatan, Unit, Tim penyusun, Kesiapan (di luar kolom
  isian)
- `Esc` di kolom isian — keluar dari kolom, lalu `1`–`4` dapat dipakai lagi
- `a` — tambah (unit atau anggota tim, sesuai tab)
- `t` — tempel daftar nama unit
- `e` — ubah baris terpilih
- `Delete` — hapus baris terpilih (selalu ditanya dulu)
- `s` — di papan kemajuan: ganti urutan; klik judul kolom juga mengurutkan
- `Esc` — tutup dialog atau tampilan proyektor
- `ctrl+q` — keluar

Semua isian tersimpan otomatis. Tetikus dapat dipakai di mana saja.

## Tombol di editor SOP

- `F7` / `shift+F7` — tab berikutnya / sebelumnya (juga `ctrl+PageDown` / `ctrl+PageUp`)
- `alt+L` `alt+I` `alt+P` `alt+G` `alt+R` — langsung ke tab Langkah, Identitas, Pelaksana,
  Bagan alir, Reviu (huruf bergaris bawah pada nama tab; `alt+1`–`alt+5` juga)
- `ctrl+n` — sisipkan langkah
- `F8` — hapus langkah
- `alt+↑` `alt+↓` — pindahkan langkah (di tab Pelaksana: pindahkan kolom)
- `PageUp` `PageDown` — langkah sebelumnya / berikutnya
- `ctrl+z` / `ctrl+y` — urungkan / ulangi
- `F2` — ubah status SOP
- `F4` — sahkan SOP
- `F9` — mulai versi baru (SOP yang sudah disahkan)
- `F3` — beda versi
- `Esc` — simpan dan kembali ke daftar SOP

Di sebagian terminal `alt` tidak sampai ke aplikasi; `F7` selalu dapat dipakai.

## Tombol di layar Sesi

- `spasi` — mulai / jeda agenda
- `n` / `b` — agenda berikutnya / sebelumnya
- `x` — akhiri sesi
- `F6` — timer besar untuk proyektor (`Esc` kembali)
- `F7` — salindia sosialisasi pedoman
- `t` — buka tahap agenda yang berjalan
- `1` `2` `3` — tab Jalannya sesi, Kehadiran, Notulen (di luar kolom isian); `ctrl+PageDown` /
  `ctrl+PageUp` dari mana saja
"""


def help_markdown(guide: Guide) -> str:
    parts = ["# Bantuan sop-workshop", "", KEYS, "## Lima tahapan", ""]
    for number, stage in enumerate(guide.stages, start=1):
        parts.append(f"{number}. **{stage.name}** — {stage.description}".rstrip(" —"))
    parts += [
        "",
        "Panel tahapan di kiri menunjukkan kemajuan setiap tahap, dihitung dari data "
        "workshop: unit yang siap, jumlah kebutuhan SOP, SOP yang disahkan, diterapkan, "
        "dan dimonitor.",
    ]
    return "\n".join(parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Tutup"),
        Binding("f1", "close", "Tutup"),
    ]

    def __init__(self, guide: Guide) -> None:
        super().__init__()
        self.guide = guide

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            with VerticalScroll(id="help-scroll"):
                yield Markdown(help_markdown(self.guide), id="help-text")
            yield Button("Tutup", id="help-close", compact=True, variant="primary")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    @on(Button.Pressed, "#help-close")
    def action_close(self) -> None:
        self.dismiss(None)
