"""The logo of the official documents: which files are accepted and where the copy lives.

A logo is a PNG or JPEG image, recognised by its content (magic bytes), never by its name, and
parsed far enough to know its size in pixels without an imaging library:

- PNG: the signature, then every chunk's length and CRC up to ``IEND`` (a truncated or damaged
  file is refused); the size comes from ``IHDR``;
- JPEG: ``SOI``, the segments up to the first frame header (``SOF0``-``SOF15``, which holds
  the size), and an ``EOI`` marker at the end.

Sizes are limited by :data:`workshop.limits.LOGO_MAX_BYTES` and ``LOGO_MAX_SIDE``. The copy in
the workshop folder has a fixed name by type (:data:`LOGO_FILES`): data never becomes the
name of a file. :func:`checked_logo` is what every export asks: the logo's path when the file
is there and valid, else None and an Indonesian warning (the document then comes out without
a logo). Every message is Bahasa Indonesia.
"""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from workshop import limits
from workshop.saferead import ReadRefused, megabytes, read_regular

__all__ = [
    "LOGO_FILES",
    "LogoError",
    "LogoImage",
    "checked_logo",
    "inspect_logo",
    "read_logo",
]

LOGO_FILES: Final[dict[str, str]] = {"png": "logo-kop.png", "jpeg": "logo-kop.jpg"}
"""The name of the logo's copy in the workshop folder, by image type (the only names used)."""

MIME_TYPES: Final[dict[str, str]] = {"png": "image/png", "jpeg": "image/jpeg"}

_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_NOT_AN_IMAGE: Final = "bukan gambar PNG atau JPEG (isi berkasnya diperiksa, bukan namanya)"


class LogoError(Exception):
    """A logo that is not used; ``str(e)`` says why (Indonesian, without the path)."""


@dataclass(frozen=True)
class LogoImage:
    kind: str  # "png" | "jpeg"
    width: int
    height: int

    @property
    def file_name(self) -> str:
        return LOGO_FILES[self.kind]

    @property
    def mime(self) -> str:
        return MIME_TYPES[self.kind]


def inspect_logo(data: bytes) -> LogoImage:
    """The type and size of the image ``data``; :class:`LogoError` when it is not a whole PNG
    or JPEG within the limits."""
    if len(data) > limits.LOGO_MAX_BYTES:
        raise LogoError(
            f"gambar terlalu besar ({megabytes(len(data))} MB); batasnya "
            f"{megabytes(limits.LOGO_MAX_BYTES)} MB"
        )
    if data.startswith(_PNG_SIGNATURE):
        width, height = _png_size(data)
        kind = "png"
    elif data.startswith(b"\xff\xd8\xff"):
        width, height = _jpeg_size(data)
        kind = "jpeg"
    else:
        raise LogoError(_NOT_AN_IMAGE)
    if width < 1 or height < 1:
        raise LogoError("ukuran gambar 0 piksel; berkasnya rusak")
    if max(width, height) > limits.LOGO_MAX_SIDE:
        raise LogoError(
            f"gambar terlalu lebar atau tinggi ({width} × {height} piksel); batasnya "
            f"{limits.LOGO_MAX_SIDE} piksel per sisi"
        )
    return LogoImage(kind, width, height)


def _png_size(data: bytes) -> tuple[int, int]:
    pos = len(_PNG_SIGNATURE)
    size: tuple[int, int] | None = None
    while True:
        if pos + 8 > len(data):
            raise LogoError("gambar PNG terpotong (tidak ada bagian akhir IEND); berkasnya rusak")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 8 + length + 4
        if end > len(data):
            raise LogoError("gambar PNG terpotong; berkasnya rusak")
        body = data[pos + 8:end - 4]
        (crc,) = struct.unpack(">I", data[end - 4:end])
        if zlib.crc32(kind + body) != crc:
            raise LogoError("gambar PNG rusak (pemeriksaan CRC gagal)")
        if size is None:
            if kind != b"IHDR" or length != 13:
                raise LogoError("gambar PNG rusak (bagian IHDR tidak di awal)")
            width, height = struct.unpack(">II", body[:8])
            size = (width, height)
        if kind == b"IEND":
            return size
        pos = end


# Start-of-frame markers (they hold the size); C4 (DHT), C8 (JPG) and CC (DAC) are not frames.
_SOF: Final = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers without a length: TEM, RST0-7 (SOI/EOI are handled apart).
_STANDALONE: Final = frozenset({0x01, *range(0xD0, 0xD8)})


def _jpeg_size(data: bytes) -> tuple[int, int]:
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise LogoError("gambar JPEG terpotong (tidak ada penanda akhir); berkasnya rusak")
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise LogoError("gambar JPEG rusak (penanda segmen tidak ditemukan)")
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= len(data):
            break
        marker = data[pos]
        pos += 1
        if marker in _STANDALONE:
            continue
        if marker in (0xD9, 0xDA):  # EOI or start of scan before any frame header
            break
        if pos + 2 > len(data):
            break
        (length,) = struct.unpack(">H", data[pos:pos + 2])
        if length < 2 or pos + length > len(data):
            break
        if marker in _SOF:
            if length < 7:
                break
            height, width = struct.unpack(">HH", data[pos + 3:pos + 7])
            return width, height
        pos += length
    raise LogoError("gambar JPEG rusak (ukuran gambar tidak ditemukan)")


def read_logo(path: str | os.PathLike[str]) -> tuple[bytes, LogoImage]:
    """The bytes of the image file at ``path`` and what they are.

    Only a regular file, never a symlink, at most :data:`limits.LOGO_MAX_BYTES`; raises
    :class:`LogoError` with the reason otherwise.
    """
    try:
        data = read_regular(path, limits.LOGO_MAX_BYTES, follow_symlinks=False)
    except ReadRefused as e:
        raise LogoError(e.message) from None
    return data, inspect_logo(data)


def checked_logo(folder: Path, name: str) -> tuple[Path | None, str]:
    """The workshop's logo file to print, or None and why not (Indonesian; "" when no logo
    is set). ``name`` is the stored file name: anything but one of :data:`LOGO_FILES` is
    refused (a hand-edited workshop file cannot make another path)."""
    if not name:
        return None, ""
    if name not in LOGO_FILES.values():
        return None, f"Logo '{name}' bukan nama logo yang dikenal; dokumen dibuat tanpa logo."
    path = folder / name
    try:
        _data, image = read_logo(path)
    except LogoError as e:
        return None, f"Logo {path} tidak dipakai: {e}. Dokumen dibuat tanpa logo."
    if image.file_name != name:
        return None, (f"Logo {path} tidak dipakai: isinya {image.kind.upper()}, bukan "
                      "jenis yang tersimpan. Dokumen dibuat tanpa logo; pasang ulang logonya.")
    return path.absolute(), ""
