"""The SOP editor's typing and step actions: the step form (Enter: the next step, a new
actor typed in Pelaksana is added), the identity form, insert/delete/move steps, undo/redo, the
actors tab, and jumping to a step from the flowchart or a finding. A text that cannot be applied
(an unknown actor, a step number that is not a number) stays in its box with a message under
the form; it is never thrown away."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import (
    DataTable,
    Input,
    TabbedContent,
    TabPane,
    TextArea,
)

from workshop.rules import ERROR
from workshop.stages.pengembangan.editing import EditError, resolve_actor
from workshop.tui.dialogs import TextPrompt
from workshop.tui.stages.pengembangan.editor_base import EditorBase
from workshop.tui.stages.pengembangan.editor_form import (
    KIND_LABELS,
    KIND_WORDS,
    dom_id,
    is_question,
)
from workshop.tui.stages.pengembangan.findings import FindingsList
from workshop.tui.widgets.flowchart import FlowchartView
from workshop.tui.widgets.tabs import show_tab


class EditorSteps(EditorBase):
    """Typing into the forms; step and actor actions."""

    # -- typing -------------------------------------------------------------------------------

    @on(Input.Changed, "#step-form Input")
    def _step_input(self, message: Input.Changed) -> None:
        if self.read_only or not self.editor.sop.steps or message.input.id is None:
            return
        name = message.input.id.removeprefix("sf-")
        value: str | None = message.value
        if name == "kind":
            value = KIND_WORDS.get(message.value.strip().casefold())
            if value is None:
                self._problem("Jenis: mulai, proses, keputusan atau selesai (m, p, k, s).")
                return
        try:
            self.editor.set_step_field(self.current, name, value)
        except EditError as exc:
            self._problem(str(exc))
            return
        self._edited(row=True)
        self._offer(name, message.value)

    def _offer(self, name: str, text: str) -> None:
        """Under the form, what one key does with what was just typed: add an actor that is
        not in the list yet (Enter), make a step worded as a question a decision (alt+k)."""
        step = self.editor.sop.steps[self.current - 1]
        typed = " ".join(text.split())
        if name == "actor" and typed and not typed.isdigit() and \
                resolve_actor(self.editor.sop, typed) is None:
            self._problem(f"'{typed}' belum ada di daftar pelaksana. Enter: tambahkan sebagai "
                          f"kolom {len(self.editor.sop.actors) + 1}.")
        elif name == "activity" and step.kind == "process" and is_question(typed):
            self._problem("Kegiatan ini berupa pertanyaan. alt+k: jadikan keputusan "
                          "(Ya/Tidak).")

    def action_make_decision(self) -> None:
        """alt+k: the current step becomes a decision (offered for a question)."""
        if self.read_only or not self.editor.sop.steps:
            return
        self.editor.seal()
        try:
            self.editor.set_step_field(self.current, "kind", "decision")
        except EditError as exc:
            self._problem(str(exc))
            return
        self.editor.seal()
        self._set_input(self.query_one("#sf-kind", Input), KIND_LABELS["decision"], False)
        self._edited(row=True)
        self.notify(f"Langkah {self.current} menjadi keputusan: isi 'Tidak ke no.'.",
                    markup=False, timeout=3)

    @on(Input.Submitted, "#step-form Input")
    def _step_enter(self, message: Input.Submitted) -> None:
        """Enter: the next step; on the last step a new one is started. In the Pelaksana box
        a name that is not an actor yet adds that actor (and the cursor stays in the step)."""
        if self.read_only:
            return
        if message.input.id == "sf-actor" and self._add_typed_actor(message.value):
            return
        self.editor.seal()
        n = len(self.editor.sop.steps)
        if self.current >= n:
            try:
                self.current = self.editor.append_step()
            except EditError as exc:
                self._problem(str(exc))
                return
            self._edited(structural=True)
        else:
            self.current += 1
            self.refresh_steps()
        self.query_one("#sf-activity", Input).focus()

    def _add_typed_actor(self, text: str) -> bool:
        name = " ".join(text.split())
        if not name or name.isdigit() or resolve_actor(self.editor.sop, name) is not None:
            return False
        try:
            self.editor.add_actor(name)
            self.editor.set_step_field(self.current, "actor", name)
        except EditError as exc:
            self._problem(str(exc))
            return True
        self.notify(f"Pelaksana baru: {name} (kolom {len(self.editor.sop.actors)})",
                    markup=False, timeout=3)
        self._fill_actors()
        self._edited(row=True)
        self.query_one("#sf-kind", Input).focus()
        return True

    @on(Input.Changed, "#tab-identitas Input")
    def _identity_input(self, message: Input.Changed) -> None:
        if self.read_only or message.input.id is None:
            return
        path = message.input.id.removeprefix("id-").replace("-", ".")
        try:
            self.editor.set_field(path, message.value)
        except EditError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._edited()

    @on(TextArea.Changed, "#tab-identitas TextArea")
    def _identity_list(self, message: TextArea.Changed) -> None:
        area = message.text_area
        if self.read_only or area.id is None:
            return
        try:
            self.editor.set_field(area.id.removeprefix("id-"), area.text)
        except EditError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._edited()

    @on(DataTable.RowHighlighted, "#steps")
    def _step_row(self, message: DataTable.RowHighlighted) -> None:
        number = message.cursor_row + 1
        if number != self.current and 1 <= number <= len(self.editor.sop.steps):
            self.current = number
            self._fill_step_form()
            self._problem()
            self.refresh_checks()

    @on(DataTable.RowSelected, "#steps")
    def _step_chosen(self) -> None:
        self.query_one("#sf-activity", Input).focus()

    # -- step actions -------------------------------------------------------------------------

    def _structural(self, action: Any) -> None:
        if self.read_only:
            self.notify("SOP ini sudah disahkan. Tekan F9 untuk memulai versi baru.",
                        severity="warning")
            return
        self.editor.seal()
        try:
            action()
        except EditError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._fill_actors()
        self._edited(structural=True)

    def action_new_step(self) -> None:
        def run() -> None:
            self.current = self.editor.insert_step(
                self.current + 1 if self.editor.sop.steps else 1)
        self._structural(run)
        self.query_one("#tab-langkah", TabPane)
        show_tab(self.query_one(TabbedContent), "tab-langkah")
        self.query_one("#sf-activity", Input).focus()

    def action_delete_step(self) -> None:
        def run() -> None:
            self.editor.delete_step(self.current)
        self._structural(run)

    def action_move_step(self, delta: int) -> None:
        target = self.current + delta
        if not 1 <= target <= len(self.editor.sop.steps):
            return

        def run() -> None:
            self.editor.move_step(self.current, target)
            self.current = target
        self._structural(run)

    def action_goto_step(self, delta: int) -> None:
        target = self.current + delta
        if 1 <= target <= len(self.editor.sop.steps):
            self.editor.seal()
            self.current = target
            self.refresh_steps()

    def action_check(self) -> None:
        """"Periksa SOP": check now and say the counts; the cursor goes to the findings."""
        self.refresh_checks()
        errors = sum(f.severity == ERROR for f in self.findings)
        warnings = len(self.findings) - errors
        if not self.findings:
            self.notify("Periksa SOP: tidak ada kesalahan maupun peringatan.",
                        title="Periksa SOP", markup=False, timeout=5)
            return
        self.notify(f"Periksa SOP: {errors} kesalahan, {warnings} peringatan. Pilih temuan "
                    "untuk menuju tempatnya.", title="Periksa SOP", markup=False, timeout=6,
                    severity="warning" if errors else "information")
        self.query_one(FindingsList).focus()

    def action_undo(self) -> None:
        self._history(self.editor.undo(), "Diurungkan")

    def action_redo(self) -> None:
        self._history(self.editor.redo(), "Diulang")

    def _history(self, label: str | None, verb: str) -> None:
        if label is None:
            self.notify("Tidak ada yang dapat " + verb.lower().removeprefix("di") + ".",
                        timeout=2)
            return
        self.refresh_all()
        self._schedule_save()
        self.notify(f"{verb}: {label}", markup=False, timeout=2)

    # -- actors -------------------------------------------------------------------------------

    @on(Input.Submitted, "#actor-new")
    def _add_actor(self, message: Input.Submitted) -> None:
        def run() -> None:
            self.editor.add_actor(message.value)
        before = len(self.editor.sop.actors)
        self._structural(run)
        if len(self.editor.sop.actors) > before:
            message.input.value = ""

    def _chosen_actor(self) -> str | None:
        table = self.query_one("#actors", DataTable)
        actors = self.editor.sop.actors
        if not actors or not 0 <= table.cursor_row < len(actors):
            return None
        return actors[table.cursor_row]

    @on(DataTable.RowSelected, "#actors")
    def _rename_actor(self) -> None:
        actor = self._chosen_actor()
        if actor is None or self.read_only:
            return

        def done(name: str | None) -> None:
            if name:
                self._structural(lambda: self.editor.rename_actor(actor, name))

        self.app.push_screen(TextPrompt("Ganti nama pelaksana", "Jabatan", actor), done)


    @on(FlowchartView.StepSelected)
    def _flowchart_step(self, message: FlowchartView.StepSelected) -> None:
        """A click on a symbol of the flowchart opens that step."""
        if 1 <= message.step <= len(self.editor.sop.steps):
            self.current = message.step
            show_tab(self.query_one(TabbedContent), "tab-langkah")
            self.refresh_steps()

    # -- findings -----------------------------------------------------------------------------

    @on(FindingsList.Chosen)
    async def _go_to_finding(self, message: FindingsList.Chosen) -> None:
        finding = message.finding
        tabs = self.query_one(TabbedContent)
        place = finding.field or ""
        if finding.step is not None and 1 <= finding.step <= len(self.editor.sop.steps):
            show_tab(tabs, "tab-langkah")
            self.current = finding.step
            self.refresh_steps()
            name = place.rsplit(".", 1)[-1] if place.startswith("steps.") else "activity"
            box = self.query("#sf-" + name).results(Input)
            target = next(iter(box), self.query_one("#sf-activity", Input))
            self.call_after_refresh(target.focus)
            return
        if place == "actors":
            show_tab(tabs, "tab-pelaksana")
            await self.ensure_pane("tab-pelaksana")
            self.call_after_refresh(self.query_one("#actor-new", Input).focus)
            return
        if place:
            await self.ensure_pane("tab-identitas")  # the other places are identity fields
        widgets = list(self.query("#" + dom_id(place)).results()) if place else []
        if widgets:
            show_tab(tabs, "tab-identitas")
            self.call_after_refresh(widgets[0].focus)
