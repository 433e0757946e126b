"""The SQLite store of a session host: WAL, session rows."""

from __future__ import annotations

import sqlite3

from pshell.host.configurations import DEFAULT_NAME as DEFAULT_CONFIGURATION
from pshell.host.store import Store


def row(instance_id: str, host: str = "h1", **kw) -> dict:  # type: ignore[no-untyped-def]
    base = {"instance_id": instance_id, "name": "Session1", "configuration": DEFAULT_CONFIGURATION, "owner_uid": 1000,
            "created_on": "2024-01-01T00:00:00+00:00", "idle_timeout_ms": 7200000, "output_buffering": "Block",
            "state": "Connected", "client_id": "c1", "disconnected_on": None, "expires_on": None,
            "enable_network_access": 0, "origin": "here", "host_instance": host}
    base.update(kw)
    return base


def test_wal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "sessions.db")
    store = Store(path)
    assert store.journal_mode == "wal"
    other = sqlite3.connect(path)
    assert other.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    other.close()
    store.close()


def test_session_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store(str(tmp_path / "sessions.db"))
    store.put_session(row("a"))
    store.put_session(row("b", host="old"))
    store.update_session("a", state="Disconnected", client_id=None, disconnected_on="2024-01-01T00:01:00+00:00")
    a = store.sessions("h1")[0]
    assert a["state"] == "Disconnected" and a["client_id"] is None
    orphans = store.remove_orphans("h1")
    assert [o["instance_id"] for o in orphans] == ["b"]
    assert [s["instance_id"] for s in store.sessions()] == ["a"]
    store.delete_session("a")
    assert store.sessions() == []
    store.close()
