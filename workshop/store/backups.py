"""Backups: rolling copies of every readable data file, and the way back to them.

``backup(reason)`` copies each readable data file (under its lock, so each copy is consistent;
a damaged file is skipped so that it is never offered as the copy to restore) into
``backups/<seq>_<YYYYmmddTHHMMSS>_<reason-slug>/``, keeping the newest ``BACKUPS_KEPT``. The
copy is built under a temporary name and renamed when complete: a crash never leaves a
half-made backup under a backup's name. ``seq`` is a counter, so order does not depend on the
clock. Only the facilitator takes backups (each drops the oldest).
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Final

from workshop import portable
from workshop.store.base import (
    BACKUPS_DIR,
    WORKSHOP_FILE,
    StoreBase,
    slugify,
)
from workshop.store.errors import (
    StoreCorrupt,
    StoreError,
)
from workshop.store.files import fsync_dir, tmp_name

BACKUPS_KEPT: Final = 20


class Backups(StoreBase):
    """Taking and finding backups (facilitator only: each drops the oldest)."""

    # -- backups -------------------------------------------------------------------------------

    def backup(self, reason: str) -> Path:
        """Copy every readable data file into ``backups/<seq>_<time>_<reason>/`` (newest N kept)."""
        # Facilitator only: each backup drops the oldest, so a participant could push out all.
        self._check_facilitator("membuat cadangan")
        try:
            return self._backup(reason)
        except OSError as e:
            raise StoreError(
                f"Cadangan workshop {self.path} tidak dapat dibuat: {portable.write_problem(e)}."
            ) from None

    def _backup(self, reason: str) -> Path:
        root = self.path / BACKUPS_DIR
        root.mkdir(exist_ok=True)
        stamp = self._now().strftime("%Y%m%dT%H%M%S")
        label = slugify(reason)[:30]
        # Built under a temporary name, renamed when complete: a crash never leaves a
        # half-made backup under a backup's name (Store.open removes the temporary folder).
        building = root / tmp_name(label)
        building.mkdir()
        try:
            self._copy_into(building)
            seq = max((backup_seq(p.name) for p in root.iterdir() if p.is_dir()), default=0)
            while True:
                seq += 1
                target = root / f"{seq:05d}_{stamp}_{label}"
                if target.exists():
                    continue
                try:
                    os.rename(building, target)
                    break
                except OSError as e:  # another process took that number meanwhile
                    if e.errno not in (errno.EEXIST, errno.ENOTEMPTY) or not target.exists():
                        raise
            fsync_dir(root)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        dirs = sorted((p for p in root.iterdir() if p.is_dir() and backup_seq(p.name)),
                      key=lambda p: backup_seq(p.name))
        for old in dirs[:-BACKUPS_KEPT]:
            shutil.rmtree(old, ignore_errors=True)
        return target

    def _copy_into(self, target: Path) -> None:
        """Copy every readable data file into ``target`` (a damaged one is skipped)."""
        for src in [self._wpath, *self._unit_files()]:
            kind = "workshop" if src == self._wpath else "unit"
            with self._files.lock(src):
                try:
                    loaded = self._files.load_raw(src, kind)
                except StoreCorrupt:
                    continue  # never offer a damaged file as the copy to restore
            if loaded is None:
                continue
            # Atomic too: a copy cut by a crash must not become "the newest backup".
            self._files._replace(target / src.relative_to(self.path), loaded[0])

    def backups(self) -> list[Path]:
        """Backup folders, newest first."""
        root = self.path / BACKUPS_DIR
        if not root.is_dir():
            return []
        dirs = [p for p in root.iterdir() if p.is_dir() and backup_seq(p.name)]
        return sorted(dirs, key=lambda p: backup_seq(p.name), reverse=True)

    def newest_backup(self, file: Path) -> Path | None:
        """The newest backup copy of ``file`` (a path inside this workshop), if any."""
        try:
            rel = Path(file).resolve().relative_to(self.path.resolve())
        except ValueError:
            return None
        for d in self.backups():
            candidate = d / rel
            if candidate.is_file():
                return candidate
        return None


def half_made(entry: os.DirEntry[str]) -> bool:
    """A backup folder (of an older version) without its ``workshop.json``: cut short."""
    return entry.is_dir(follow_symlinks=False) and not os.path.isfile(
        os.path.join(entry.path, WORKSHOP_FILE)
    )


def backup_seq(name: str) -> int:
    head = name.split("_", 1)[0]
    return int(head) if head.isdigit() else 0
