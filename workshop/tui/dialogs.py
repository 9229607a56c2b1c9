"""Small dialogs: confirmation, text prompt, pasting a list of units, unit and member forms, PINs.

Every dialog returns a typed result through ``dismiss``; user text is shown as data, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from workshop.model import TEAM_ROLES, Member, Unit

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """Base of the app's modal dialogs: escape and the button with id ``cancel`` cancel, which
    dismisses with :meth:`cancel_value` (``None`` unless a dialog says otherwise)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Batal")]
    DEFAULT_CLASSES = "dialog"

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_value())

    def cancel_value(self) -> T | None:
        return None

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def dialog_buttons(ok_label: str | None, *before: Widget,
                   cancel_label: str = "Batal") -> Horizontal:
    """A dialog's row of buttons: ``before`` (extra buttons), the primary button ``ok_label``
    (id ``ok``; none when None) and the cancel button (id ``cancel``, see :class:`Dialog`)."""
    buttons: list[Widget] = list(before)
    if ok_label is not None:
        buttons.append(Button(ok_label, variant="primary", id="ok", compact=True))
    buttons.append(Button(cancel_label, id="cancel", compact=True))
    return Horizontal(*buttons, classes="dialog-buttons")


class ConfirmScreen(Dialog[bool]):
    """Ask before something is deleted. Returns True when confirmed."""

    def __init__(self, question: str, *, confirm_label: str = "Hapus") -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label

    def cancel_value(self) -> bool:
        return False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Konfirmasi", classes="dialog-title")
            yield Static(Text(self.question), id="question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, variant="error", id="yes", compact=True)
                yield Button("Batal", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)


class TextPrompt(Dialog[str | None]):
    """One line of text (e.g. the event's title)."""

    def __init__(self, title: str, label: str, value: str = "", *, placeholder: str = "",
                 ok_label: str = "Simpan", required: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.placeholder = placeholder
        self.ok_label = ok_label
        self.required = required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield Label(Text(self.label))
            yield Input(self.value, placeholder=self.placeholder, id="value")
            yield Static("", id="problem", classes="problem")
            yield dialog_buttons(self.ok_label)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        value = self.query_one("#value", Input).value.strip()
        if self.required and not value:
            self.query_one("#problem", Static).update("Isian ini wajib diisi.")
            return
        self.dismiss(value)


@dataclass(frozen=True)
class NewWorkshop:
    folder: str
    title: str


class NewWorkshopScreen(Dialog[NewWorkshop | None]):
    """A new workshop: the folder (when not given yet) and the event's title."""

    def __init__(self, folder: str | None = None) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Workshop baru", classes="dialog-title")
            if self.folder is None:
                yield Label("Folder workshop")
                yield Input(placeholder="mis. ~/workshop/wonosobo-2018", id="folder")
            else:
                yield Static(Text(f"Folder: {self.folder}"), id="folder-shown")
            yield Label("Judul kegiatan")
            yield Input(placeholder="mis. Pendampingan Penyusunan SOP AP Kabupaten Wonosobo",
                        id="title")
            yield Static("", id="problem", classes="problem")
            yield dialog_buttons("Buat")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        folder = self.folder
        if folder is None:
            folder = self.query_one("#folder", Input).value.strip()
        title = self.query_one("#title", Input).value.strip()
        problem = self.query_one("#problem", Static)
        if not folder:
            problem.update("Isi folder workshop.")
            return
        if not title:
            problem.update("Isi judul kegiatan.")
            self.query_one("#title", Input).focus()
            return
        self.dismiss(NewWorkshop(folder, title))


class PasteUnitsScreen(Dialog[list[str] | None]):
    """Paste many unit names at once, one per line."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box tall"):
            yield Static("Tempel daftar unit (OPD)", classes="dialog-title")
            yield Static("Satu nama unit per baris. Baris kosong dan nama yang sudah ada "
                         "dilewati.", classes="hint")
            yield TextArea(id="names", soft_wrap=True, show_line_numbers=False)
            yield dialog_buttons("Tambahkan")

    def on_mount(self) -> None:
        self.query_one("#names", TextArea).focus()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        text = self.query_one("#names", TextArea).text
        names = [line.strip() for line in text.splitlines() if line.strip()]
        self.dismiss(names)


class UnitForm(Dialog[dict[str, str] | None]):
    """Add or edit a unit: name, short name, head's position, numbering pattern."""

    FIELDS = (
        ("name", "Nama unit", "mis. Dinas Kependudukan dan Pencatatan Sipil"),
        ("short_name", "Singkatan", "mis. Disdukcapil"),
        ("head_position", "Jabatan kepala unit", "mis. Kepala Dinas"),
        ("numbering", "Pola penomoran SOP", "mis. 800/SOP.{seq:02}/{singkatan}/{tahun}"),
    )

    def __init__(self, unit: Unit | None = None) -> None:
        super().__init__()
        self.unit = unit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Ubah unit" if self.unit else "Tambah unit", classes="dialog-title")
            with VerticalScroll(classes="form"):
                for key, label, placeholder in self.FIELDS:
                    value = getattr(self.unit, key) if self.unit else ""
                    yield Label(label)
                    yield Input(value, placeholder=placeholder, id=f"f-{key}", compact=True)
            yield Static("", id="problem", classes="problem")
            yield dialog_buttons("Simpan")

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        values = {key: self.query_one(f"#f-{key}", Input).value.strip()
                  for key, _, _ in self.FIELDS}
        if not values["name"]:
            self.query_one("#problem", Static).update("Nama unit wajib diisi.")
            return
        self.dismiss(values)


ROLE_LABELS = {"ketua": "Ketua", "sekretaris": "Sekretaris", "anggota": "Anggota"}


class MemberForm(Dialog[dict[str, str] | None]):
    """Add or edit a member of the Tim Penyusun SOP."""

    def __init__(self, unit_name: str, member: Member | None = None) -> None:
        super().__init__()
        self.unit_name = unit_name
        self.member = member

    def compose(self) -> ComposeResult:
        m = self.member
        with Vertical(classes="dialog-box"):
            title = "Ubah anggota tim" if m else "Tambah anggota tim"
            yield Static(Text(f"{title} — {self.unit_name}"), classes="dialog-title")
            with VerticalScroll(classes="form"):
                yield Label("Nama")
                yield Input(m.name if m else "", id="f-name", compact=True)
                yield Label("NIP")
                yield Input(m.nip if m else "", id="f-nip", compact=True,
                            placeholder="18 digit")
                yield Label("Jabatan")
                yield Input(m.position if m else "", id="f-position", compact=True)
                yield Label("Peran dalam tim")
                yield Select([(ROLE_LABELS[r], r) for r in TEAM_ROLES],
                             value=m.role if m else "anggota", allow_blank=False,
                             id="f-role", compact=True)
            yield Static("", id="problem", classes="problem")
            yield dialog_buttons("Simpan")

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        name = self.query_one("#f-name", Input).value.strip()
        if not name:
            self.query_one("#problem", Static).update("Nama anggota wajib diisi.")
            return
        role = self.query_one("#f-role", Select).value
        self.dismiss({
            "name": name,
            "nip": self.query_one("#f-nip", Input).value.strip(),
            "position": self.query_one("#f-position", Input).value.strip(),
            "role": role if isinstance(role, str) else "anggota",
        })


class PinScreen(Dialog[None]):
    """Show unit PINs so the facilitator can hand them to the teams."""

    def __init__(self, pins: list[tuple[str, str]], note: str = "") -> None:
        super().__init__()
        self.pins = pins
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box tall"):
            yield Static("PIN unit", classes="dialog-title")
            yield Static("Serahkan PIN ini kepada tim masing-masing unit. PIN hanya dapat "
                         "ditampilkan selama aplikasi ini terbuka; setelah itu gunakan Reset PIN.",
                         classes="hint")
            with VerticalScroll(id="pin-list"), Grid(id="pin-grid"):
                for name, pin in self.pins:
                    yield Static(Text(name), classes="pin-unit")
                    yield Static(Text(pin), classes="pin-value")
            if self.note:
                yield Static(Text(self.note), classes="hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Tutup", variant="primary", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)
