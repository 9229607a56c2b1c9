"""Sessions of the workshop (the agenda, its minutes and timers) in ``workshop.json``.

Facilitator only. A session's id is kept when free (bundles, plans); an empty or taken one gets
the next ``sesi-NNN``.
"""

from __future__ import annotations

import dataclasses

from workshop.model import (
    Session,
)
from workshop.store.base import (
    StoreBase,
    next_id,
    q_id,
    table_docs,
    validate,
)
from workshop.store.codec import decode, encode
from workshop.store.errors import (
    StoreNotFound,
)
from workshop.store.files import Tx
from workshop.store.migrations import META


class Sessions(StoreBase):
    """The workshop's sessions (facilitator only)."""

    # -- sessions ------------------------------------------------------------------------------

    def sessions(self) -> list[Session]:
        return [decode(Session, d) for d in table_docs(self._ws(), "sessions")]

    def session(self, id: str) -> Session:
        for d in table_docs(self._ws(), "sessions"):
            if d.get("id") == id:
                return decode(Session, d)
        raise StoreNotFound(f"Sesi '{id}' tidak ada.")

    def _insert_session(self, tx: Tx, session: Session) -> Session:
        taken = {str(d.get("id")) for d in tx.data.get("sessions", {}).values()}
        if not session.id or session.id in taken:
            session = dataclasses.replace(
                session, id=next_id(tx.data[META]["1"], "next_session", "sesi", taken)
            )
        tx.db.table("sessions").insert(encode(session))
        self._log_into(tx, "session.create", target=session.id, detail=session.title)
        return session

    def add_session(self, session: Session) -> Session:
        """Store a new session; an empty or taken id gets a fresh one (returned)."""
        self._check_facilitator("menambah sesi")
        validate(Session, session)
        with self._ws_tx() as tx:
            return self._insert_session(tx, session)

    def save_session(self, session: Session) -> Session:
        self._check_facilitator("mengubah sesi")
        validate(Session, session)
        with self._ws_tx() as tx:
            if not tx.db.table("sessions").update(encode(session), q_id(session.id)):
                raise StoreNotFound(f"Sesi '{session.id}' tidak ada.")
            self._log_into(tx, "session.update", target=session.id)
        return session

    def remove_session(self, id: str) -> None:
        self._check_facilitator("menghapus sesi")
        with self._ws_tx() as tx:
            if not tx.db.table("sessions").remove(q_id(id)):
                raise StoreNotFound(f"Sesi '{id}' tidak ada.")
            self._log_into(tx, "session.remove", target=id)
