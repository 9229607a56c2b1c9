"""Persiapan's domain: the event, the units, their PINs and readiness, the team, the votes.

All of it lives in ``workshop.json`` (one transaction on that file per change). A unit's slug
is made once, from its name (``slugify``), and never changes; its PIN is stored only as a
salted scrypt hash (``generate_pin`` / ``verify_pin``). Removing a unit takes a backup first
(so this facade stands on ``Backups``) and keeps a damaged unit file beside the backup as
``units/<slug>.json.rusak``. ``unit_summary`` gives the progress board its counts straight from
the cached files, without decoding records.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import secrets
import shutil
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from workshop.model import (
    TEAM_ROLES,
    Event,
    Member,
    Unit,
    Vote,
)
from workshop.store.backups import Backups
from workshop.store.base import (
    UNITS_DIR,
    Q,
    check_fields,
    next_id,
    q_id,
    replaced,
    slugify,
    table_docs,
    validate,
)
from workshop.store.codec import decode, encode
from workshop.store.errors import (
    StoreError,
    StoreNotFound,
)
from workshop.store.files import Tx
from workshop.store.migrations import META, Data


@dataclass
class UnitSummary:
    """Counts for the progress board (cheap: read from the cached files, no conversion)."""

    slug: str
    name: str
    needs: int = 0
    sops: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    members: int = 0
    readiness: int = 0  # number of ticked readiness items
    has_pin: bool = False


class Units(Backups):
    """The event, units, team members and votes (``workshop.json``)."""

    # -- event ---------------------------------------------------------------------------------

    def event(self) -> Event:
        docs = table_docs(self._ws(), "event")
        return decode(Event, docs[0]) if docs else Event()

    def update_event(self, **fields: Any) -> Event:
        self._check_facilitator("mengubah data kegiatan")
        check_fields(Event, fields, "kegiatan")
        with self._ws_tx() as tx:
            docs = table_docs(tx.data, "event")
            event = replaced(Event, docs[0] if docs else encode(Event()), fields)
            tx.db.table("event").truncate()
            tx.db.table("event").insert(encode(event))
            self._log_into(tx, "event.update", detail=", ".join(sorted(fields)))
        return event

    # -- units ---------------------------------------------------------------------------------

    def units(self) -> list[Unit]:
        return [decode(Unit, d) for d in table_docs(self._ws(), "units")]

    def unit(self, slug: str) -> Unit:
        return decode(Unit, self._require_unit(slug))

    def find_unit(self, name_or_slug: str) -> Unit | None:
        key = name_or_slug.strip()
        low = key.casefold()
        units = self.units()
        for u in units:
            if u.slug == key:
                return u
        for u in units:
            if u.name.casefold() == low or (u.short_name and u.short_name.casefold() == low):
                return u
        for u in units:
            if u.slug == slugify(key):
                return u
        return None

    def _insert_unit(self, tx: Tx, name: str, fields: dict[str, Any]) -> Unit:
        taken = {d.get("slug") for d in tx.data.get("units", {}).values()}
        base = slugify(name)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        unit = replaced(Unit, encode(Unit(slug=slug, name=name.strip())), fields)
        tx.db.table("units").insert(encode(unit))
        self._log_into(tx, "unit.create", unit=slug, detail=unit.name)
        return unit

    def add_unit(self, name: str, **fields: Any) -> Unit:
        self._check_facilitator("menambah unit")
        if not name.strip():
            raise StoreError("Nama unit tidak boleh kosong.")
        check_fields(Unit, fields, "unit", forbidden=("slug", "name", "pin_hash"))
        with self._ws_tx() as tx:
            return self._insert_unit(tx, name, fields)

    def ensure_unit(self, name: str) -> tuple[Unit, bool]:
        """The unit called ``name`` (by slug, name or short name), created when missing.

        Atomic across processes: eight imports into a new unit create it once.
        Returns (unit, created).
        """
        found = self.find_unit(name)
        if found is not None:
            return found, False
        self._check_facilitator("menambah unit")
        if not name.strip():
            raise StoreError("Nama unit tidak boleh kosong.")
        with self._ws_tx() as tx:
            found = self.find_unit(name)  # re-read under the lock
            if found is not None:
                return found, False
            return self._insert_unit(tx, name, {}), True

    def add_units(self, names: Iterable[str]) -> list[Unit]:
        """Add many units at once (one per name); blank names and duplicates are skipped."""
        self._check_facilitator("menambah unit")
        added: list[Unit] = []
        with self._ws_tx() as tx:
            seen = {d.get("name", "").casefold() for d in tx.data.get("units", {}).values()}
            for raw in names:
                name = raw.strip()
                if not name or name.casefold() in seen:
                    continue
                seen.add(name.casefold())
                added.append(self._insert_unit(tx, name, {}))
        return added

    def restore_unit(self, unit: Unit) -> Unit:
        """Insert a unit exactly as given (slug, PIN hash, ...): bundles and restores.

        Raises StoreError when the slug is already taken.
        """
        self._check_facilitator("menambah unit")
        validate(Unit, unit)
        if unit.slug != slugify(unit.slug) or not unit.name.strip():
            raise StoreError(f"Slug unit '{unit.slug}' atau namanya tidak sah.")
        with self._ws_tx() as tx:
            if self._unit_doc(unit.slug) is not None:
                raise StoreError(f"Unit '{unit.slug}' sudah ada.")
            tx.db.table("units").insert(encode(unit))
            self._log_into(tx, "unit.create", unit=unit.slug, detail=unit.name)
        return unit

    def update_unit(self, slug: str, **fields: Any) -> Unit:
        self._check_unit(slug)
        check_fields(Unit, fields, "unit", forbidden=("slug", "pin_hash"))
        with self._ws_tx() as tx:
            doc = self._require_unit(slug)
            unit = replaced(Unit, doc, fields)
            tx.db.table("units").update(encode(unit), Q.slug == slug)
            self._log_into(tx, "unit.update", unit=slug, detail=", ".join(sorted(fields)))
        return unit

    def remove_unit(self, slug: str) -> None:
        """Remove a unit, its members and votes and its file (a backup is taken first)."""
        self._check_facilitator("menghapus unit")
        self._require_unit(slug)
        backup = self.backup(f"hapus unit {slug}")
        with self._ws_tx() as tx:
            self._require_unit(slug)
            tx.db.table("units").remove(Q.slug == slug)
            tx.db.table("members").remove(Q.unit == slug)
            tx.db.table("votes").remove(Q.unit == slug)
            self._log_into(tx, "unit.remove", unit=slug)
            upath = self._upath(slug)
            with self._files.lock(upath):
                kept = backup / UNITS_DIR / upath.name
                if upath.exists() and not kept.exists():
                    # Damaged (so not in the backup): keep it beside the backup, by hand only.
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(upath, kept.with_name(upath.name + ".rusak"))
                with contextlib.suppress(FileNotFoundError):
                    upath.unlink()
                self._files.forget(upath)

    def generate_pin(self, slug: str, *, source: PinSource | None = None) -> str:
        """A new 6-digit PIN for the unit; only its salted scrypt hash is stored.

        ``source`` (slug -> (PIN, salt)) replaces the random PIN and salt: for a reproducible
        build (the demo's fixed PINs, tools/build_demo.py), never in the app."""
        self._check_facilitator("membuat PIN unit")
        pin, salt = (source or random_pin)(slug)
        if not (len(pin) == 6 and pin.isascii() and pin.isdigit()) or len(salt) < 16:
            raise ValueError("a PIN source gives 6 digits and a salt of 16 bytes or more")
        hashed = _hash_pin(pin, salt)
        with self._ws_tx() as tx:
            self._require_unit(slug)
            tx.db.table("units").update({"pin_hash": hashed}, Q.slug == slug)
            self._log_into(tx, "unit.pin", unit=slug)
        return pin

    def set_pin_hash(self, slug: str, pin_hash: str) -> None:
        """Store a PIN hash made on another laptop ("salt$hash", or "" for none): a sync
        brings the unit's PIN with it. Facilitator only, like ``generate_pin``."""
        self._check_facilitator("mengatur PIN unit")
        if pin_hash and pin_hash.count("$") != 1:
            raise StoreError(f"PIN tersandi unit '{slug}' tidak sah.")
        with self._ws_tx() as tx:
            self._require_unit(slug)
            tx.db.table("units").update({"pin_hash": pin_hash}, Q.slug == slug)
            self._log_into(tx, "unit.pin", unit=slug)

    def verify_pin(self, slug: str, pin: str) -> bool:
        doc = self._unit_doc(slug)
        if doc is None or not doc.get("pin_hash") or "$" not in doc["pin_hash"]:
            return False
        salt_hex, _ = str(doc["pin_hash"]).split("$", 1)
        try:
            salt = bytes.fromhex(salt_hex)
        except ValueError:
            return False
        return hmac.compare_digest(_hash_pin(pin.strip(), salt), str(doc["pin_hash"]))

    def set_readiness(self, slug: str, item: str, done: bool) -> Unit:
        self._check_unit(slug)
        with self._ws_tx() as tx:
            unit = decode(Unit, self._require_unit(slug))
            if done and item not in unit.readiness:
                unit.readiness.append(item)
            elif not done and item in unit.readiness:
                unit.readiness.remove(item)
            else:
                return unit
            tx.db.table("units").update({"readiness": unit.readiness}, Q.slug == slug)
            self._log_into(
                tx, "unit.readiness", unit=slug, target=item, detail="ya" if done else "tidak"
            )
        return unit

    # -- team ----------------------------------------------------------------------------------

    def members(self, unit: str | None = None) -> list[Member]:
        docs = table_docs(self._ws(), "members")
        return [decode(Member, d) for d in docs if unit is None or d.get("unit") == unit]

    def add_member(
        self,
        unit: str,
        name: str,
        *,
        nip: str = "",
        position: str = "",
        role: str = "anggota",
    ) -> Member:
        self._check_unit(unit)
        if not name.strip():
            raise StoreError("Nama anggota tim tidak boleh kosong.")
        _check_role(role)
        with self._ws_tx() as tx:
            self._require_unit(unit)
            meta = tx.data[META]["1"]
            taken = {str(d.get("id")) for d in tx.data.get("members", {}).values()}
            member = Member(
                id=next_id(meta, "next_member", "m", taken),
                unit=unit, name=name.strip(), nip=nip.strip(), position=position.strip(),
                role=role,
            )
            tx.db.table("members").insert(encode(member))
            tx.touch()
            self._log_into(tx, "member.create", unit=unit, target=member.id, detail=member.name)
        return member

    def add_member_record(self, member: Member) -> Member:
        """Insert a member keeping its id when free; an identical member is not duplicated."""
        self._check_unit(member.unit)
        validate(Member, member)
        _check_role(member.role)
        with self._ws_tx() as tx:
            self._require_unit(member.unit)
            docs = tx.data.get("members", {}).values()
            for doc in docs:
                if doc.get("id") == member.id and decode(Member, doc) == member:
                    return member
            taken = {str(d.get("id")) for d in docs}
            if not member.id or member.id in taken:
                member = dataclasses.replace(
                    member, id=next_id(tx.data[META]["1"], "next_member", "m", taken)
                )
            tx.db.table("members").insert(encode(member))
            self._log_into(tx, "member.create", unit=member.unit, target=member.id,
                           detail=member.name)
        return member

    def _member_doc(self, data: Data, member_id: str) -> dict[str, Any]:
        for doc in data.get("members", {}).values():
            if doc.get("id") == member_id:
                return typing.cast(dict[str, Any], doc)
        raise StoreNotFound(f"Anggota tim '{member_id}' tidak ada.")

    def update_member(self, member_id: str, **fields: Any) -> Member:
        check_fields(Member, fields, "anggota tim", forbidden=("id", "unit"))
        if "role" in fields:
            _check_role(fields["role"])
        self._check_unit(str(self._member_doc(self._ws(), member_id).get("unit")))
        with self._ws_tx() as tx:
            doc = self._member_doc(tx.data, member_id)
            self._check_unit(str(doc.get("unit")))
            member = replaced(Member, doc, fields)
            tx.db.table("members").update(encode(member), q_id(member_id))
            self._log_into(tx, "member.update", unit=member.unit, target=member_id,
                           detail=", ".join(sorted(fields)))
        return member

    def remove_member(self, member_id: str) -> None:
        self._check_unit(str(self._member_doc(self._ws(), member_id).get("unit")))
        with self._ws_tx() as tx:
            doc = self._member_doc(tx.data, member_id)
            self._check_unit(str(doc.get("unit")))
            tx.db.table("members").remove(q_id(member_id))
            tx.db.table("votes").remove(Q.member == member_id)
            self._log_into(tx, "member.remove", unit=str(doc.get("unit")), target=member_id)

    # -- votes ---------------------------------------------------------------------------------

    def votes(self, unit: str | None = None) -> list[Vote]:
        docs = table_docs(self._ws(), "votes")
        return [decode(Vote, d) for d in docs if unit is None or d.get("unit") == unit]

    def set_vote(self, vote: Vote) -> None:
        """Set a member's vote on a needs row (count 0 removes it)."""
        self._check_unit(vote.unit)
        validate(Vote, vote)
        with self._ws_tx() as tx:
            self._require_unit(vote.unit)
            if self._member_doc(tx.data, vote.member).get("unit") != vote.unit:
                raise StoreError(f"Anggota tim '{vote.member}' bukan anggota unit {vote.unit}.")
            cond = (Q.unit == vote.unit) & (Q.member == vote.member) & (Q.need == vote.need)
            table = tx.db.table("votes")
            if vote.count <= 0:
                table.remove(cond)
            elif not table.update({"count": vote.count}, cond):
                table.insert(encode(vote))
            self._log_into(tx, "vote.set", unit=vote.unit, target=vote.need,
                           detail=f"{vote.member}={vote.count}")

    # -- progress board ------------------------------------------------------------------------

    def unit_summary(self, slug: str) -> UnitSummary:
        doc = self._require_unit(slug)
        ud = self._ud(slug)
        by_status: dict[str, int] = {}
        sops = ud.get("sops", {})
        for d in sops.values():
            st = str(d.get("status"))
            by_status[st] = by_status.get(st, 0) + 1
        members = sum(1 for d in self._ws().get("members", {}).values() if d.get("unit") == slug)
        return UnitSummary(
            slug=slug,
            name=str(doc.get("name", "")),
            needs=len(ud.get("needs", {})),
            sops=len(sops),
            by_status=by_status,
            members=members,
            readiness=len(doc.get("readiness", [])),
            has_pin=bool(doc.get("pin_hash")),
        )


# Where a unit's PIN and the salt of its hash come from: slug -> (6 digits, >= 16 bytes).
PinSource = typing.Callable[[str], tuple[str, bytes]]


def random_pin(slug: str) -> tuple[str, bytes]:
    """A random 6-digit PIN and a random 16-byte salt (the app's only PIN source)."""
    return f"{secrets.randbelow(10**6):06d}", secrets.token_bytes(16)


def _hash_pin(pin: str, salt: bytes) -> str:
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"{salt.hex()}${digest.hex()}"


def _check_role(role: str) -> None:
    if role not in TEAM_ROLES:
        raise StoreError(f"Peran '{role}' tidak dikenal. Pilihan: {', '.join(TEAM_ROLES)}.")
