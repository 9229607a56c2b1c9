"""Instant checks beside the editor: findings grouped by principle, and the SOP's times."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workshop.duration import format_duration
from workshop.flow import FlowTimes, time_per_actor, total_times
from workshop.model import Sop
from workshop.rules import ERROR, Finding

OTHER_PRINCIPLE = "lainnya"


def group_findings(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by principle, groups in order of their first finding."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.principle or OTHER_PRINCIPLE, []).append(finding)
    return list(groups.items())


def finding_line(finding: Finding) -> Text:
    mark = "✖" if finding.severity == ERROR else "▲"
    style = "bold red" if finding.severity == ERROR else "yellow"
    text = Text(f"{mark} ", style=style)
    if finding.step is not None:
        text.append(f"Langkah {finding.step}: ", style="bold")
    text.append(finding.message)
    return text


class FindingsList(OptionList):
    """Findings of ``rules.check_sop``; choosing one posts :class:`FindingsList.Chosen`."""

    @dataclass
    class Chosen(Message):
        finding: Finding

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.findings: list[Finding] = []
        self._by_id: dict[str, Finding] = {}

    def show(self, findings: list[Finding]) -> None:
        if findings == self.findings and self.option_count:
            return
        self.findings = list(findings)
        self._by_id = {}
        options: list[Option] = []
        if not findings:
            options.append(Option(Text("Tidak ada temuan. Bagus!", style="green"),
                                  disabled=True))
        index = 0
        for principle, group in group_findings(findings):
            options.append(Option(Text(principle.replace("_", " ").capitalize(),
                                       style="bold underline"), disabled=True))
            for finding in group:
                options.append(Option(finding_line(finding), id=f"f{index}"))
                self._by_id[f"f{index}"] = finding
                index += 1
        shape = [(o.id, o.disabled) for o in options]
        if shape == [(o.id, o.disabled) for o in self.options]:
            # The same lines with other words (a count in a message, another step number):
            # the prompts change in place. Clearing and adding again sized the list to nothing
            # and back, and each size change lays out the whole screen (issue 21: this ran
            # after every pause in typing).
            for number, option in enumerate(options):
                if option.prompt != self.options[number].prompt:
                    self.replace_option_prompt_at_index(number, option.prompt)
            return
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(options)
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        option_id = message.option.id
        if option_id is not None and option_id in self._by_id:
            self.post_message(self.Chosen(self._by_id[option_id]))


def times_text(sop: Sop, times: FlowTimes | None = None) -> Text:
    """Total time (Ya path, shortest, longest) and time per actor, in Bahasa Indonesia."""
    times = times or total_times(sop)

    def show(value: float | None) -> str:
        return format_duration(value) if value is not None else "-"

    text = Text("Total waktu\n", style="bold")
    text.append(f"  Jalur Ya: {show(times.yes_path)}\n")
    text.append(f"  Tercepat: {show(times.shortest)}\n")
    text.append(f"  Terlama:  {show(times.longest)}\n")
    if times.missing:
        text.append(f"  Waktu kosong: langkah {', '.join(map(str, times.missing))}\n",
                    style="yellow")
    if times.unparsed:
        text.append(f"  Waktu tak terbaca: langkah {', '.join(map(str, times.unparsed))}\n",
                    style="red")
    per_actor = time_per_actor(sop)
    if per_actor:
        text.append("Waktu per pelaksana\n", style="bold")
        for actor, minutes in per_actor.items():
            text.append(f"  {actor or '(tanpa pelaksana)'}: {format_duration(minutes)}\n")
    return text


class TimesView(Static):
    _shown: str | None = None

    def show(self, sop: Sop) -> None:
        text = times_text(sop)
        if text.plain != self._shown:
            self._shown = text.plain
            self.update(text)
