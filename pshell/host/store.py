"""Session records in SQLite (stdlib sqlite3, WAL) in sessions.db (configurations are the
computer's: pshell/host/configurations.py).

Only the control path writes here (a session made, attached, detached, removed); commands
and their output never touch SQLite. Rows carry the daemon instance that owns them, so a
session host started after a crash can find the sessions of its predecessor (today it
removes them; a later version may recover their spooled output from spool/).
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    instance_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    configuration TEXT NOT NULL,
    owner_uid INTEGER NOT NULL,
    created_on TEXT NOT NULL,
    idle_timeout_ms INTEGER NOT NULL,
    output_buffering TEXT NOT NULL,
    state TEXT NOT NULL,
    client_id TEXT,
    disconnected_on TEXT,
    expires_on TEXT,
    enable_network_access INTEGER NOT NULL DEFAULT 0,
    origin TEXT,
    host_instance TEXT NOT NULL
);
"""

SESSION_FIELDS = ("instance_id", "name", "configuration", "owner_uid", "created_on", "idle_timeout_ms",
                  "output_buffering", "state", "client_id", "disconnected_on", "expires_on",
                  "enable_network_access", "origin", "host_instance")


class Store:
    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        self._db.row_factory = sqlite3.Row
        with self._lock:
            mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            self.journal_mode = str(mode).lower()
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------ sessions
    def put_session(self, record: dict[str, Any]) -> None:
        values = tuple(record.get(f) for f in SESSION_FIELDS)
        marks = ", ".join("?" for _ in SESSION_FIELDS)
        with self._lock:
            self._db.execute(f"INSERT OR REPLACE INTO sessions ({', '.join(SESSION_FIELDS)}) VALUES ({marks})", values)

    def update_session(self, instance_id: str, **changes: Any) -> None:
        if not changes:
            return
        for key in changes:
            if key not in SESSION_FIELDS:
                raise KeyError(key)
        assignments = ", ".join(f"{k} = ?" for k in changes)
        with self._lock:
            self._db.execute(f"UPDATE sessions SET {assignments} WHERE instance_id = ?", (*changes.values(), instance_id))

    def delete_session(self, instance_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE instance_id = ?", (instance_id,))

    def sessions(self, host_instance: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            if host_instance is None:
                rows = self._db.execute("SELECT * FROM sessions ORDER BY created_on").fetchall()
            else:
                rows = self._db.execute("SELECT * FROM sessions WHERE host_instance = ? ORDER BY created_on",
                                        (host_instance,)).fetchall()
        return [dict(r) for r in rows]

    def remove_orphans(self, host_instance: str) -> list[dict[str, Any]]:
        """Sessions of an earlier session host (one that crashed): removed, and returned."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM sessions WHERE host_instance != ?", (host_instance,)).fetchall()
            self._db.execute("DELETE FROM sessions WHERE host_instance != ?", (host_instance,))
        return [dict(r) for r in rows]
