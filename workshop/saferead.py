"""Read a file only when it is a regular file, and only up to a limit.

A FIFO blocks a reader forever, ``/dev/zero`` never ends, a symlink loop or a folder named
``x.yaml`` fail in odd ways: :func:`read_regular` stats the path first (nothing but a regular
file is opened), opens it with ``O_NONBLOCK`` (a FIFO swapped in meanwhile cannot block),
checks the open file again with ``fstat`` and reads at most ``max_bytes + 1`` bytes. Every
refusal is a :class:`ReadRefused` whose ``message`` is Bahasa Indonesia without the path
(callers name the file their own way). With ``follow_symlinks=False`` a symlink is refused
too (files inside a bundle must not point elsewhere).
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Final

from workshop import portable


class ReadRefused(Exception):
    """A file that is not read; ``message`` says why (Indonesian), ``missing`` if absent."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing


class FileTooBig(ReadRefused):
    """A regular file over the limit; ``size`` is its size in bytes (at least the limit + 1)."""

    def __init__(self, size: int, max_bytes: int) -> None:
        super().__init__(
            f"berkas terlalu besar ({megabytes(size)} MB); batasnya {megabytes(max_bytes)} MB"
        )
        self.size = size
        self.max_bytes = max_bytes


def megabytes(size: int) -> str:
    """Bytes as Indonesian megabytes with one decimal: 2097152 -> "2,0"."""
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "sebuah FIFO (pipa bernama)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "sebuah perangkat"
    if stat.S_ISSOCK(mode):
        return "sebuah soket"
    return "bukan berkas biasa"


_SYMLINK = "berkas ini tautan simbolik (symlink); tautan tidak diikuti, salin berkasnya ke sini"


def _check_mode(mode: int) -> None:
    if stat.S_ISLNK(mode):
        raise ReadRefused(_SYMLINK)
    if stat.S_ISDIR(mode):
        raise ReadRefused("ini sebuah folder, bukan berkas")
    if not stat.S_ISREG(mode):
        raise ReadRefused(f"ini {_kind(mode)}, bukan berkas biasa; hanya berkas biasa yang dibaca")


_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)  # POSIX: a FIFO opens without a writer
_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)  # POSIX: the last component is not followed


def _os_error(err: OSError, path: str, follow_symlinks: bool) -> ReadRefused:
    if isinstance(err, FileNotFoundError):
        if os.path.islink(path):
            return ReadRefused("tautan simbolik ini menunjuk ke berkas yang tidak ada")
        return ReadRefused("berkas tidak ditemukan; periksa nama dan foldernya", missing=True)
    if isinstance(err, IsADirectoryError):
        return ReadRefused("ini sebuah folder, bukan berkas")
    if isinstance(err, PermissionError):
        if os.path.isdir(path):  # Windows opens no folder: "permission denied" for one
            return ReadRefused("ini sebuah folder, bukan berkas")
        return ReadRefused("tidak ada izin untuk membaca berkas ini")
    if err.errno == errno.ELOOP:
        if not follow_symlinks and os.path.islink(path):
            return ReadRefused(_SYMLINK)
        return ReadRefused("tautan simbolik berputar (menunjuk ke dirinya sendiri)")
    if err.errno == errno.ENOTDIR:
        return ReadRefused("salah satu folder di jalurnya adalah berkas", missing=True)
    return ReadRefused(f"berkas tidak dapat dibaca ({err.strerror or err})")


def read_regular(
    path: str | os.PathLike[str], max_bytes: int, *, follow_symlinks: bool = True
) -> bytes:
    """The bytes of ``path`` when it is a regular file of at most ``max_bytes`` bytes.

    Raises :class:`ReadRefused` (:class:`FileTooBig` over the limit) for anything else.
    """
    name = os.fspath(path)
    try:
        _check_mode(os.stat(name, follow_symlinks=follow_symlinks).st_mode)
        nofollow = 0 if follow_symlinks else _NOFOLLOW
        fd = os.open(name, os.O_RDONLY | portable.O_BINARY | _NONBLOCK | nofollow)
    except OSError as err:
        raise _os_error(err, name, follow_symlinks) from None
    try:
        st = os.fstat(fd)
        _check_mode(st.st_mode)
        if st.st_size > max_bytes:
            raise FileTooBig(st.st_size, max_bytes)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise FileTooBig(max(size, os.fstat(fd).st_size), max_bytes)
        return b"".join(chunks)
    except OSError as err:
        raise _os_error(err, name, follow_symlinks) from None
    finally:
        os.close(fd)

