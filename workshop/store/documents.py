"""The settings of the official documents (``workshop.json``, table ``documents``) and the logo.

One document, like the event: :class:`workshop.docsettings.DocumentSettings` (government
lines, per-unit organisation lines, logo file name, paper, address). Facilitator only. A file
without the table (made before these settings existed) reads as the defaults, so no schema
change was needed.

The logo is copied into the workshop folder under its fixed name
(:data:`workshop.logo.LOGO_FILES`), read from a regular file only (never a symlink) and checked
by :func:`workshop.logo.read_logo` first; the copy is written atomically by the store's writer
(temporary file, fsync, replace: a symlink at the target is replaced, never followed). The
settings name the copy only once it is complete; a copy of the other type is removed after.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from workshop.docsettings import PAPERS, DocumentSettings, find_paper
from workshop.logo import LOGO_FILES, LogoError, checked_logo, read_logo
from workshop.store.base import StoreBase, check_fields, replaced, table_docs
from workshop.store.codec import decode, encode
from workshop.store.errors import StoreError
from workshop.store.files import Tx

TABLE = "documents"


def _lines(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise StoreError("Nilai tidak sah: baris kop harus daftar teks.")
    return tuple(" ".join(v.split()) for v in value if v.strip())


class Documents(StoreBase):
    """The document settings of the workshop and its logo file (facilitator only)."""

    def document_settings(self) -> DocumentSettings:
        docs = table_docs(self._ws(), TABLE)
        return decode(DocumentSettings, docs[0]) if docs else DocumentSettings()

    def _put_settings(self, tx: Tx, settings: DocumentSettings, detail: str) -> None:
        tx.db.table(TABLE).truncate()
        tx.db.table(TABLE).insert(encode(settings))
        self._log_into(tx, "documents.update", detail=detail)

    def update_document_settings(self, **fields: Any) -> DocumentSettings:
        """Change some settings: ``government`` (lines), ``unit_lines`` (slug -> lines; a unit
        given no lines goes back to its name), ``paper`` (a key of ``PAPERS``), ``address``.
        The logo is set with :meth:`set_logo`."""
        self._check_facilitator("mengubah pengaturan dokumen")
        check_fields(DocumentSettings, fields, "pengaturan dokumen", forbidden=("logo",))
        if "paper" in fields:
            paper = find_paper(str(fields["paper"]))
            if paper is None:
                keys = ", ".join(p.key for p in PAPERS)
                raise StoreError(
                    f"Ukuran kertas '{fields['paper']}' tidak dikenal. Pilihan: {keys}."
                )
            fields["paper"] = paper.key
        if "government" in fields:
            fields["government"] = _lines(fields["government"])
        if "address" in fields and isinstance(fields["address"], str):
            fields["address"] = " ".join(fields["address"].split())
        with self._ws_tx() as tx:
            docs = table_docs(tx.data, TABLE)
            current = docs[0] if docs else encode(DocumentSettings())
            if "unit_lines" in fields:
                fields["unit_lines"] = self._unit_lines(tx, current, fields["unit_lines"])
            settings = replaced(DocumentSettings, current, fields)
            self._put_settings(tx, settings, ", ".join(sorted(fields)))
        return settings

    def _unit_lines(self, tx: Tx, current: dict[str, Any], given: Any
                    ) -> dict[str, tuple[str, ...]]:
        if not isinstance(given, dict):
            raise StoreError("Nilai tidak sah: baris kop unit harus pasangan unit dan baris.")
        slugs = {d.get("slug") for d in tx.data.get("units", {}).values()}
        merged = {str(k): tuple(v) for k, v in current.get("unit_lines", {}).items()}
        for slug, lines in given.items():
            if slug not in slugs:
                raise StoreError(f"Unit '{slug}' tidak ada di workshop ini.")
            cleaned = _lines(lines)
            if cleaned:
                merged[slug] = cleaned
            else:
                merged.pop(slug, None)
        return merged

    def set_logo(self, source: str | os.PathLike[str] | None) -> DocumentSettings:
        """Copy the image at ``source`` into the workshop as its logo (None: no logo).

        Raises :class:`StoreError` with the reason (not PNG/JPEG, damaged, too big, a
        symlink, not a file); then nothing changed."""
        self._check_facilitator("mengubah logo dokumen")
        image = None
        data = b""
        if source is not None:
            try:
                data, image = read_logo(source)
            except LogoError as e:
                raise StoreError(f"Logo {source} tidak dipasang: {e}.") from None
        with self._ws_tx() as tx:
            name = image.file_name if image is not None else ""
            if image is not None:
                target = self.path / name
                try:
                    self._files._replace(target, data)
                except OSError as e:
                    raise StoreError(f"Logo tidak dapat disalin ke {target}: "
                                     f"{e.strerror or e}.") from None
            docs = table_docs(tx.data, TABLE)
            current = docs[0] if docs else encode(DocumentSettings())
            settings = replaced(DocumentSettings, current, {"logo": name})
            self._put_settings(tx, settings, "logo")
        for other in LOGO_FILES.values():
            if other != name:
                with contextlib.suppress(OSError):
                    (self.path / other).unlink()
        return settings

    def logo_file(self) -> tuple[Path | None, str]:
        """The logo to print (absolute path, checked now), or None and why not (Indonesian;
        "" when no logo is set)."""
        return checked_logo(self.path, self.document_settings().logo)
