"""Pengaturan dokumen: the kop's government line(s), the paper, the book's address and the logo,
under the event's fields in the Kegiatan panel.

Each field is saved when Enter is pressed or the field is left (the paper when chosen). The
logo is a path typed into its field: the store reads, checks and copies the file
(``Store.set_logo``); this widget never touches a file. The per-unit kop lines are set with
``sop-workshop dokumen --unit ... --baris ...``.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from workshop.docsettings import PAPERS, DocumentSettings
from workshop.tui.context import context_of
from workshop.tui.stages.persiapan.panels import write

DOCUMENT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("government", "Baris pemerintah", "mis. PEMERINTAH KABUPATEN WONOSOBO (baris dipisah ;)"),
    ("address", "Alamat sampul buku", "mis. Jl. Sabuk Alu No. 2 Wonosobo"),
)


def settings_value(settings: DocumentSettings, key: str) -> str:
    if key == "government":
        return "; ".join(settings.government)
    return settings.address


class DocumentSettingsForm(Vertical):
    """The document settings of the workshop (facilitator only, like the event)."""

    def compose(self) -> ComposeResult:
        yield Static("Pengaturan dokumen", classes="section-title")
        with Grid(id="doc-grid"):
            for key, label, placeholder in DOCUMENT_FIELDS:
                yield Label(label, classes="field-label")
                yield Input(placeholder=placeholder, id=f"doc-{key}", compact=True,
                            select_on_focus=False)
            yield Label("Kertas", classes="field-label")
            yield Select([(f"{p.label}, mendatar", p.key) for p in PAPERS], id="doc-paper",
                         allow_blank=False, compact=True)
            yield Label("Logo (PNG/JPEG)", classes="field-label")
            yield Input(placeholder="jalur berkas gambar, lalu Enter", id="doc-logo",
                        compact=True, select_on_focus=False)
        with Horizontal(id="doc-logo-row"):
            yield Static("", id="doc-logo-status", markup=False)
            yield Button("Hapus logo", id="doc-logo-remove", compact=True)

    def show(self, settings: DocumentSettings, logo: Path | None, warning: str) -> None:
        for key, _, _ in DOCUMENT_FIELDS:
            box = self.query_one(f"#doc-{key}", Input)
            stored = settings_value(settings, key)
            if not box.has_focus and box.value != stored:
                box.value = stored
        paper = self.query_one("#doc-paper", Select)
        if paper.value != settings.paper_size.key:
            with paper.prevent(Select.Changed):
                paper.value = settings.paper_size.key
        if logo is not None:
            status = f"Logo terpasang: {logo.name}"
        else:
            status = warning or "Belum ada logo; dokumen dibuat tanpa logo."
        self.query_one("#doc-logo-status", Static).update(status)
        self.query_one("#doc-logo-remove", Button).display = bool(settings.logo)

    def _save(self, box: Input) -> None:
        key = (box.id or "")[4:]
        ctx = context_of(self)
        if key == "logo":
            path = box.value.strip()
            if path and write(self, lambda: ctx.store.set_logo(Path(path)),
                              "Logo terpasang.") is not None:
                box.value = ""
            return
        if key not in dict((k, k) for k, _, _ in DOCUMENT_FIELDS):
            return
        if box.value.strip() == settings_value(ctx.store.document_settings(), key).strip():
            return
        value: object = box.value
        if key == "government":
            value = [part.strip() for part in box.value.split(";") if part.strip()]
        write(self, lambda: ctx.store.update_document_settings(**{key: value}), "Tersimpan.")

    @on(Input.Submitted)
    def _submitted(self, message: Input.Submitted) -> None:
        message.stop()
        self._save(message.input)

    @on(Input.Blurred)
    def _blurred(self, message: Input.Blurred) -> None:
        message.stop()
        if message.input.id != "doc-logo":  # a half-typed path is not tried on leaving
            self._save(message.input)

    @on(Input.Changed)
    def _changed(self, message: Input.Changed) -> None:
        message.stop()  # no autosave here: saved on Enter or when left

    @on(Select.Changed, "#doc-paper")
    def _paper(self, message: Select.Changed) -> None:
        ctx = context_of(self)
        if isinstance(message.value, str) and \
                message.value != ctx.store.document_settings().paper_size.key:
            write(self, lambda: ctx.store.update_document_settings(paper=message.value),
                  "Tersimpan.")

    @on(Button.Pressed, "#doc-logo-remove")
    def _remove_logo(self) -> None:
        ctx = context_of(self)
        write(self, lambda: ctx.store.set_logo(None), "Logo dihapus.")
