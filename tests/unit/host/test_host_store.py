"""The SQLite store: WAL, the seeded configuration, session rows."""

from __future__ import annotations

import sqlite3

from pshell.host.store import DEFAULT_CONFIGURATION, Store


def row(instance_id: str, host: str = "h1", **kw) -> dict:  # type: ignore[no-untyped-def]
    base = {"instance_id": instance_id, "name": "Session1", "configuration": DEFAULT_CONFIGURATION, "owner_uid": 1000,
            "created_on": "2024-01-01T00:00:00+00:00", "idle_timeout_ms": 7200000, "output_buffering": "Block",
            "state": "Connected", "client_id": "c1", "disconnected_on": None, "expires_on": None,
            "enable_network_access": 0, "origin": "here", "host_instance": host}
    base.update(kw)
    return base


def test_wal_and_seeded_configuration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "sessions.db")
    store = Store(path)
    assert store.journal_mode == "wal"
    other = sqlite3.connect(path)
    assert other.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    other.close()
    config = store.configuration("microsoft.powershell")
    assert config == {"name": "Microsoft.PowerShell", "idle_timeout_ms": 7200000, "max_idle_timeout_ms": 2147483647,
                      "output_buffering": "Block", "max_sessions": 1000}
    store.close()


def test_configurations_persist_and_seed_does_not_overwrite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "sessions.db")
    store = Store(path)
    store.put_configuration({"name": "Microsoft.PowerShell", "idle_timeout_ms": 60000, "max_idle_timeout_ms": 120000,
                             "output_buffering": "Drop", "max_sessions": 5})
    store.put_configuration({"name": "Demo", "idle_timeout_ms": 60000, "max_idle_timeout_ms": 60000,
                             "output_buffering": "Block", "max_sessions": 2})
    store.close()
    store = Store(path)
    assert store.configuration(DEFAULT_CONFIGURATION)["output_buffering"] == "Drop"
    assert [c["name"] for c in store.configurations()] == ["Demo", "Microsoft.PowerShell"]
    assert store.delete_configuration("demo") and store.configuration("Demo") is None
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
