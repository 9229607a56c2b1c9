"""The SOP editor's review tab and record actions: review comments, trial notes, the status set
by hand, approval (F4, numbered under the unit's lock), a new version of an approved SOP (F9)
and the difference between versions (F3)."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from textual import on
from textual.app import App
from textual.widgets import (
    DataTable,
    Input,
    TabbedContent,
)

from workshop.model import Approval, Comment, SopRecord, TrialNote
from workshop.stages.pengembangan import approval
from workshop.status import SopStatus
from workshop.store import Store, StoreError
from workshop.tui.context import attempt, context_of
from workshop.tui.dialogs import TextPrompt
from workshop.tui.stages.pengembangan.editor_form import (
    STATUS_LABELS,
)
from workshop.tui.stages.pengembangan.editor_steps import EditorSteps
from workshop.tui.stages.pengembangan.sop_dialogs import (
    ApproveDialog,
    ApproveForm,
    ChoiceDialog,
    DiffDialog,
)
from workshop.tui.widgets.tabs import show_tab

# Statuses set by hand; "disahkan" only comes from the approval (F4).
MANUAL_STATUSES: tuple[str, ...] = tuple(s.value for s in SopStatus if s != SopStatus.DISAHKAN)


def change_status(app: App[Any], store: Store, unit: str, sop_id: str, status: str,
                  today: str) -> SopRecord | None:
    """Set a status by hand (Tanggal Pembuatan is filled when drafting ends); the user sees
    an Indonesian message when it fails."""
    def run(record: SopRecord) -> None:
        approval.set_status(record, status, today)

    try:
        return attempt(app, lambda: store.update_record(unit, sop_id, run, "sop.status"))
    except approval.ApprovalError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return None



class EditorReview(EditorSteps):
    """Review comments, trial notes, status, approval and versions."""

    # -- review and trial ---------------------------------------------------------------------

    @on(Input.Submitted, "#rv-text")
    def _add_comment(self) -> None:
        author = self.query_one("#rv-author", Input).value.strip()
        target = self.query_one("#rv-target", Input).value.strip()
        text = self.query_one("#rv-text", Input).value.strip()
        if not author or not text:
            self.notify("Isi penulis dan komentar.", severity="warning")
            return
        step = int(target) if target.isdigit() else None
        if step is not None and not 1 <= step <= len(self.editor.sop.steps):
            self.notify(f"Tidak ada langkah {step}.", severity="warning")
            return
        at = context_of(self).now().isoformat(timespec="seconds")

        def add(record: SopRecord) -> None:
            taken = {c.id for c in record.reviews}
            n = len(record.reviews) + 1
            while f"k-{n:03d}" in taken:
                n += 1
            record.reviews.append(Comment(id=f"k-{n:03d}", author=author, text=text, step=step,
                                          field=None if step is not None else (target or None),
                                          at=at))

        if self._update(add, "Komentar disimpan.") is not None:
            self.query_one("#rv-text", Input).value = ""
            self._fill_reviews()

    def _toggle_comment(self) -> None:
        record = self.record
        table = self.query_one("#comments", DataTable)
        if record is None or not 0 <= table.cursor_row < len(record.reviews):
            return
        comment_id = record.reviews[table.cursor_row].id

        def toggle(rec: SopRecord) -> None:
            for c in rec.reviews:
                if c.id == comment_id:
                    c.resolved = not c.resolved

        if self._update(toggle) is not None:
            self._fill_reviews()

    @on(Input.Submitted, "#tr-text")
    def _add_trial(self) -> None:
        who = self.query_one("#tr-who", Input).value.strip()
        text = self.query_one("#tr-text", Input).value.strip()
        if not who or not text:
            self.notify("Isi pelaku uji coba dan hasilnya.", severity="warning")
            return
        date = context_of(self).now().date().isoformat()

        def add(record: SopRecord) -> None:
            record.trials.append(TrialNote(who=who, text=text, date=date))

        if self._update(add, "Catatan uji coba disimpan.") is not None:
            self.query_one("#tr-text", Input).value = ""
            self._fill_reviews()

    # -- approval and versions ----------------------------------------------------------------

    def _today(self) -> str:
        now: datetime = context_of(self).now()
        return now.date().isoformat()

    def action_approve(self) -> None:
        record = self.record
        if record is None:
            return
        if self.read_only:
            self.notify("SOP ini sudah disahkan.", severity="warning")
            return
        if not self.save_now():
            return
        errors = approval.blocking_findings(self.editor.sop)
        if errors:
            self.notify(f"Belum dapat disahkan: masih ada {len(errors)} kesalahan. "
                        f"Mis.: {errors[0].message}", title="Pengesahan ditolak",
                        severity="error", markup=False, timeout=10)
            return
        ctx = context_of(self)
        unit = ctx.store.unit(self.unit)
        sop = self.editor.sop
        defaults = ApproveForm(
            kode="800",
            signed=self._today(),
            created=sop.dates.created or self._today(),
            position=sop.approval.position or unit.head_position,
            name=sop.approval.name,
            nip=sop.approval.nip,
        )
        self.app.push_screen(ApproveDialog(defaults, unit.numbering), self._approved)

    def _approved(self, form: ApproveForm | None) -> None:
        if form is None:
            return
        ctx = context_of(self)
        try:
            unit = ctx.store.unit(self.unit)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def run(record: SopRecord, records: list[SopRecord]) -> None:
            # The unit's records as stored under the lock: two approvals at the same moment
            # never take the same sequence number.
            number = approval.number_for(unit, records, record, kode=form.kode,
                                         signed=form.signed)
            approval.approve(record, number=number,
                             signer=Approval(form.position, form.name, form.nip),
                             signed=form.signed, created=form.created)

        try:
            record = self._update_raising(run, in_unit=True)
        except approval.ApprovalError as exc:
            self.notify(str(exc), title="Pengesahan ditolak", severity="error", markup=False,
                        timeout=10)
            return
        if record is not None:
            self.editor.reset(record.sop)
            self.refresh_all()
            self.notify(f"SOP disahkan dengan nomor {record.sop.number}", markup=False,
                        timeout=6)

    def action_status(self) -> None:
        record = self.record
        if record is None or not self.save_now():
            return

        def done(status: str | None) -> None:
            if not status:
                return
            updated = change_status(self.app, context_of(self).store, self.unit, self.sop_id,
                                    status, self._today())
            if updated is not None:
                self.record = updated
                self.saved = copy.deepcopy(updated.sop)
                self._token = context_of(self).store.change_token()
                self.editor.reset(updated.sop)
                self.refresh_all()

        self.app.push_screen(ChoiceDialog(
            "Status SOP", [(STATUS_LABELS[s], s) for s in MANUAL_STATUSES],
            "Status disahkan diberikan lewat pengesahan (F4)."), done)

    def action_new_version(self) -> None:
        if not self.read_only:
            self.notify("Versi baru hanya untuk SOP yang sudah disahkan; SOP ini masih dapat "
                        "diubah langsung.", timeout=5)
            return

        def done(summary: str | None) -> None:
            if not summary:
                return
            at = context_of(self).now().isoformat(timespec="seconds")
            revised = self._today()
            try:
                record = self._update_raising(
                    lambda r: approval.start_new_version(r, revised=revised, summary=summary,
                                                         at=at))
            except approval.ApprovalError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            if record is not None:
                self.editor.reset(record.sop)
                self.refresh_all()
                self.notify(f"Versi {record.version} dimulai.", timeout=4)
                show_tab(self.query_one(TabbedContent), "tab-langkah")
                self.query_one("#sf-activity", Input).focus()

        self.app.push_screen(
            TextPrompt("Versi baru", "Ringkasan perubahan", ok_label="Mulai versi baru"), done)

    def diff_lines(self, first: int, second: int) -> list[str]:
        record = self.record
        if record is None:
            return []
        try:
            old = approval.version_sop(record, first)
            new = (self.editor.sop if second == record.version
                   else approval.version_sop(record, second))
        except approval.ApprovalError as exc:
            return [str(exc)]
        return approval.diff_versions(old, new).lines()

    def action_diff(self) -> None:
        record = self.record
        if record is None:
            return
        if record.version == 1:
            self.notify("Baru ada satu versi.", timeout=3)
            return
        self.app.push_screen(DiffDialog(record.version - 1, record.version, record.version,
                                        self.diff_lines))
