"""Pengesahan (approval), versions and the step-level diff between versions. Pure: no I/O.

Numbering
    A unit's pattern (``Unit.numbering``) is filled with ``str.format_map``. Placeholders:
    ``{kode}`` (classification code, e.g. 800), ``{seq}`` / ``{seq:02}`` (the SOP's sequence
    number in the unit), ``{singkatan}`` (the unit's short name), ``{tahun}`` (year of the
    signing date), ``{unit}`` (short name, or the name when there is none); the English aliases
    ``{year}`` and ``{code}`` work too. An unknown placeholder or a broken pattern raises
    :class:`ApprovalError` with an Indonesian message.

    The sequence number of an SOP approved for the first time is 1 + the number of *other*
    SOPs of the unit that were ever approved (status disahkan, diterapkan, perlu revisi or
    dicabut now, or an earlier version with one of those statuses). A new version of an SOP
    keeps the number it had.

Approval (:func:`approve`) is refused while :func:`blocking_findings` finds errors. It sets the
number, the signer (Disahkan oleh), Tanggal Pembuatan (when drafting finished; kept if already
set) and Tanggal Efektif (= signing date), and the status ``disahkan``. An approved SOP is
read-only (:func:`is_read_only`); editing it starts a new version (:func:`start_new_version`):
the approved text is kept in ``record.versions``, the version number goes up, the status goes
back to ``draf`` and Tanggal Revisi and the change summary are recorded.

Diff (:func:`diff_steps`): steps are matched by their activity text with
``difflib.SequenceMatcher`` over the case-folded, space-collapsed activities (autojunk off).
Equal runs pair steps one to one; in a replaced run the steps are paired by position (an
activity reworded in place is a *changed* step, not a removal plus an addition) and the
leftovers are removed / added; deleted and inserted runs are removed / added steps. For each
pair the other fields are compared; branch targets are compared through the matching (old
target -> the new number of the same activity), so renumbering alone is not a change.
"""

from __future__ import annotations

import copy
import difflib
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from workshop import status
from workshop.fields import SOP_FIELDS, STEP_FIELDS
from workshop.model import Approval, Sop, SopRecord, SopVersion, Step, Unit
from workshop.rules import ERROR, Finding, check_sop
from workshop.status import SopStatus, is_checking, was_approved

__all__ = [
    "ApprovalError",
    "StepChange",
    "VersionDiff",
    "approve",
    "blocking_findings",
    "diff_steps",
    "diff_versions",
    "format_number",
    "is_read_only",
    "next_sequence",
    "number_for",
    "set_status",
    "start_new_version",
    "version_sop",
]

PLACEHOLDERS: Final = ("kode", "seq", "singkatan", "tahun", "unit")
DEFAULT_PATTERN: Final = "{kode}/SOP.{seq:02}/{singkatan}/{tahun}"

# The version diff's words, from the declaration (workshop.fields): the step fields it
# compares, and the identity fields (plain fields first, then whole groups, in declaration
# order; dates, number and signer are left out: they change with every approval).
STEP_FIELD_LABELS: Final[dict[str, str]] = {s.key: s.diff_label for s in STEP_FIELDS
                                            if s.diff_label}
_BRANCHES: Final = frozenset(s.key for s in STEP_FIELDS if s.kind == "step")
_IDENTITY_LABELS: Final[tuple[tuple[str, str], ...]] = (
    *((s.key, s.diff_label) for s in SOP_FIELDS if s.diff_label and s.kind != "group"),
    *((s.key, s.diff_label) for s in SOP_FIELDS if s.diff_label and s.kind == "group"),
)


class ApprovalError(Exception):
    """Approval or numbering cannot be done; ``str(error)`` is a message for the user."""


# ---------------------------------------------------------------------------------------------
# Numbering
# ---------------------------------------------------------------------------------------------


class _Values(dict[str, Any]):
    def __missing__(self, key: str) -> Any:
        raise ApprovalError(
            f"Pola penomoran memakai {{{key}}} yang tidak dikenal. "
            f"Yang dapat dipakai: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
        )


def format_number(
    pattern: str, *, kode: str, seq: int, singkatan: str, tahun: int | str, unit: str = ""
) -> str:
    """Fill a numbering pattern, e.g. ``"{kode}/SOP.{seq:02}/{singkatan}/{tahun}"``."""
    if not pattern.strip():
        raise ApprovalError(
            "Unit ini belum punya pola penomoran SOP. Isi dulu di Persiapan, "
            f"mis. {DEFAULT_PATTERN}."
        )
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as e:
        raise ApprovalError(f"Pola penomoran '{pattern}' rusak ({e}). "
                            "Periksa kurung kurawal { }.") from None
    for name in fields:
        if not name.isidentifier():
            raise ApprovalError(
                f"Pola penomoran '{pattern}' memakai {{{name}}} yang tidak dikenal. "
                f"Yang dapat dipakai: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
            )
    values = _Values(
        kode=kode, code=kode, seq=seq, singkatan=singkatan, tahun=str(tahun),
        year=str(tahun), unit=unit or singkatan,
    )
    try:
        return pattern.format_map(values)
    except ApprovalError:
        raise
    except (ValueError, IndexError, KeyError, AttributeError, TypeError) as e:
        raise ApprovalError(f"Pola penomoran '{pattern}' tidak dapat dipakai ({e}).") from None


def _ever_approved(record: SopRecord) -> bool:
    return was_approved(record.status) or any(was_approved(v.status) for v in record.versions)


def next_sequence(records: Sequence[SopRecord], sop_id: str) -> int:
    """The sequence number for SOP ``sop_id``: 1 + other SOPs of the unit ever approved."""
    return 1 + sum(1 for r in records if r.id != sop_id and _ever_approved(r))


def number_for(
    unit: Unit, records: Sequence[SopRecord], record: SopRecord, *, kode: str, signed: str
) -> str:
    """The Nomor SOP of ``record`` approved on ``signed`` (ISO date): the number it already
    had when it is a new version of an approved SOP, else the unit's pattern filled in."""
    if record.sop.number.strip() and any(was_approved(v.status) for v in record.versions):
        return record.sop.number
    return format_number(
        unit.numbering,
        kode=kode,
        seq=next_sequence(records, record.id),
        singkatan=unit.short_name or unit.name,
        tahun=_year(signed),
        unit=unit.short_name or unit.name,
    )


def _year(iso: str) -> str:
    year = iso.strip()[:4]
    if len(year) != 4 or not year.isdigit():
        raise ApprovalError(f"Tanggal '{iso}' tidak sah. Tuliskan TTTT-BB-HH, mis. 2018-07-10.")
    return year


# ---------------------------------------------------------------------------------------------
# Approval and versions
# ---------------------------------------------------------------------------------------------


def blocking_findings(
    sop: Sop, check: Callable[[Sop], list[Finding]] = check_sop
) -> list[Finding]:
    """The errors that stop approval (warnings do not)."""
    return [f for f in check(sop) if f.severity == ERROR]


def is_read_only(record: SopRecord) -> bool:
    """Approved SOPs are not edited in place: editing starts a new version."""
    return status.is_read_only(record.status)


def approve(
    record: SopRecord,
    *,
    number: str,
    signer: Approval,
    signed: str,
    created: str | None = None,
    check: Callable[[Sop], list[Finding]] = check_sop,
) -> None:
    """Approve ``record`` in place (use inside ``store.update_record``).

    Raises ApprovalError while the SOP has errors, the signer has no position or name, or the
    record is already approved.
    """
    if is_read_only(record):
        raise ApprovalError("SOP ini sudah disahkan.")
    errors = blocking_findings(record.sop, check)
    if errors:
        first = errors[0].message
        raise ApprovalError(
            f"SOP belum dapat disahkan: masih ada {len(errors)} kesalahan. Perbaiki dulu, "
            f"mis.: {first}"
        )
    if not signer.position.strip() or not signer.name.strip():
        raise ApprovalError("Isi jabatan dan nama pejabat yang mengesahkan.")
    _year(signed)
    sop = record.sop
    sop.number = number
    sop.approval = Approval(signer.position.strip(), signer.name.strip(), signer.nip.strip())
    sop.dates.effective = signed
    if not sop.dates.created:
        sop.dates.created = created or signed
    record.status = SopStatus.DISAHKAN.value


def set_status(record: SopRecord, status: str, today: str) -> None:
    """Set a status by hand (in place). "disahkan" only comes from :func:`approve`. Moving a
    draft on to reviu or uji coba means drafting is finished: Tanggal Pembuatan becomes
    ``today`` unless it is already filled in."""
    if status == SopStatus.DISAHKAN and record.status != SopStatus.DISAHKAN:
        raise ApprovalError("Status disahkan hanya lewat pengesahan (F4 di editor).")
    if is_checking(status) and not record.sop.dates.created:
        record.sop.dates.created = today
    record.status = status


def start_new_version(record: SopRecord, *, revised: str, summary: str, at: str) -> None:
    """Keep the current (approved) text as an earlier version and open version n+1 as a draft
    with Tanggal Revisi ``revised`` and the change ``summary`` (in place)."""
    if not summary.strip():
        raise ApprovalError("Tuliskan ringkasan perubahan untuk versi baru.")
    _year(revised)
    record.versions.append(
        SopVersion(version=record.version, sop=copy.deepcopy(record.sop), status=record.status,
                   summary=summary.strip(), at=at)
    )
    record.version += 1
    record.change_summary = summary.strip()
    record.status = SopStatus.DRAF.value
    record.sop.dates.revised = revised
    record.sop.dates.effective = None


def version_sop(record: SopRecord, version: int) -> Sop:
    """The SOP text of ``version`` (the current one or an earlier one)."""
    if version == record.version:
        return record.sop
    for v in record.versions:
        if v.version == version:
            return v.sop
    raise ApprovalError(f"Versi {version} tidak ada.")


# ---------------------------------------------------------------------------------------------
# Diff
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepChange:
    """One step that differs: ``kind`` is "added", "removed" or "changed"."""

    kind: str
    old: int | None  # step number in the old version
    new: int | None  # step number in the new version
    activity: str  # the new activity (the old one for a removed step)
    fields: tuple[str, ...] = ()  # changed fields (Step field names) of a changed step

    def describe(self) -> str:
        """One line in Bahasa Indonesia."""
        if self.kind == "added":
            return f"Langkah {self.new} ditambahkan: {self.activity}"
        if self.kind == "removed":
            return f"Langkah {self.old} dihapus: {self.activity}"
        labels = ", ".join(STEP_FIELD_LABELS.get(f, f) for f in self.fields)
        where = f"{self.old}" if self.old == self.new else f"{self.old} (kini {self.new})"
        return f"Langkah {where} diubah ({labels}): {self.activity}"


@dataclass(frozen=True)
class VersionDiff:
    steps: list[StepChange] = field(default_factory=list)
    identity: list[str] = field(default_factory=list)  # labels of changed identity fields

    def lines(self) -> list[str]:
        out = [f"Identitas diubah: {label}" for label in self.identity]
        return out + [c.describe() for c in self.steps]


def _key(step: Step) -> str:
    return " ".join(step.activity.split()).casefold()


def _pairs(old: list[Step], new: list[Step]) -> list[tuple[int | None, int | None]]:
    """Matched 0-based (old, new) indexes; None on one side for a removed / added step."""
    matcher = difflib.SequenceMatcher(None, [_key(s) for s in old], [_key(s) for s in new],
                                      autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or tag == "replace":
            common = min(i2 - i1, j2 - j1)
            pairs += [(i1 + k, j1 + k) for k in range(common)]
            pairs += [(i, None) for i in range(i1 + common, i2)]
            pairs += [(None, j) for j in range(j1 + common, j2)]
        elif tag == "delete":
            pairs += [(i, None) for i in range(i1, i2)]
        else:  # insert
            pairs += [(None, j) for j in range(j1, j2)]
    return pairs


def diff_steps(old: Sop, new: Sop) -> list[StepChange]:
    """Step-level differences from ``old`` to ``new`` (see the module docstring), ordered by
    the new numbering with removed steps where they were."""
    pairs = _pairs(old.steps, new.steps)
    old_to_new = {o + 1: n + 1 for o, n in pairs if o is not None and n is not None}
    out: list[StepChange] = []
    for o, n in pairs:
        if o is None and n is not None:
            out.append(StepChange("added", None, n + 1, new.steps[n].activity))
        elif n is None and o is not None:
            out.append(StepChange("removed", o + 1, None, old.steps[o].activity))
        elif o is not None and n is not None:
            a, b = old.steps[o], new.steps[n]
            changed: list[str] = []
            for name in STEP_FIELD_LABELS:
                va, vb = getattr(a, name), getattr(b, name)
                if name in _BRANCHES:
                    va = old_to_new.get(va, -1) if va is not None else None
                if va != vb:
                    changed.append(name)
            if changed:
                out.append(StepChange("changed", o + 1, n + 1, b.activity, tuple(changed)))
    return out


def diff_versions(old: Sop, new: Sop) -> VersionDiff:
    """Identity labels that changed and the step-level diff (dates, number and signer are
    left out: they change with every approval)."""
    identity = [label for name, label in _IDENTITY_LABELS
                if getattr(old, name) != getattr(new, name)]
    return VersionDiff(steps=diff_steps(old, new), identity=identity)
