"""Session configurations: one store per computer, shared by every account's session host.

A configuration names the defaults and limits of the sessions made with it: the idle
timeout a disconnected session gets unless its creator chooses one, the most it may be given
(MaxIdleTimeoutMs), the output buffering mode, and how many sessions one account may keep
(MaxSessions, counted by that account's session host). `Microsoft.PowerShell` always exists,
with PowerShell's defaults unless an administrator has changed it.

The store is SQLite at `<directory>/configurations.db`, the directory being
`$PSHELL_CONFIGURATION_DIR` or `/etc/pshell`. Everyone reads it (rollback journal, not WAL,
so a reader needs no write access); only root writes it: `Register-`, `Set-` and
`Unregister-PSSessionConfiguration` as anyone else are *Access is denied*. A missing file
means "only the defaults".
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, replace
from typing import Any

DEFAULT_NAME = "Microsoft.PowerShell"
DEFAULT_DIRECTORY = "/etc/pshell"
MAX_IDLE_TIMEOUT_MS = 2_147_483_647
MODES = ("Block", "Drop")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS configurations (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    idle_timeout_ms INTEGER NOT NULL,
    max_idle_timeout_ms INTEGER NOT NULL,
    output_buffering TEXT NOT NULL,
    max_sessions INTEGER NOT NULL
)
"""


@dataclass(frozen=True)
class Configuration:
    name: str
    idle_timeout_ms: int = 7_200_000
    max_idle_timeout_ms: int = MAX_IDLE_TIMEOUT_MS
    output_buffering: str = "Block"
    max_sessions: int = 1000

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def changed(self, **values: Any) -> Configuration:
        """This configuration with the given values (None leaves one as it is), checked."""
        updated = replace(self, **{k: v for k, v in values.items() if v is not None})
        if updated.output_buffering not in MODES:
            raise ConfigurationError(f"'{updated.output_buffering}' is not an output buffering mode: use Block or "
                                     "Drop.", "InvalidOutputBufferingMode", "InvalidArgument")
        if updated.idle_timeout_ms > updated.max_idle_timeout_ms:
            raise ConfigurationError(
                f"The idle timeout ({updated.idle_timeout_ms // 1000} seconds) of session configuration "
                f"'{updated.name}' cannot be greater than its maximum idle timeout "
                f"({updated.max_idle_timeout_ms // 1000} seconds).", "InvalidIdleTimeout", "InvalidArgument")
        return updated


DEFAULT = Configuration(DEFAULT_NAME)


class ConfigurationError(Exception):
    """A configuration that cannot be found, made or changed; PowerShell-style id and category."""

    def __init__(self, message: str, error_id: str, category: str, target: str | None = None,
                 exception_type: str = "System.InvalidOperationException") -> None:
        super().__init__(message)
        self.message = message
        self.error_id = error_id
        self.category = category
        self.target = target
        self.exception_type = exception_type


def configuration_directory() -> str:
    return os.environ.get("PSHELL_CONFIGURATION_DIR") or DEFAULT_DIRECTORY


class ConfigurationStore:
    """The computer's session configurations (read each time: an administrator may change them
    while session hosts run)."""

    def __init__(self, directory: str | None = None, computer: str = "localhost") -> None:
        self.directory = directory or configuration_directory()
        self.path = os.path.join(self.directory, "configurations.db")
        self.computer = computer

    # ------------------------------------------------------------ reading
    def all(self) -> list[Configuration]:
        stored = {c.name.lower(): c for c in self._read()}
        stored.setdefault(DEFAULT_NAME.lower(), DEFAULT)
        return sorted(stored.values(), key=lambda c: c.name.lower())

    def find(self, name: str) -> Configuration | None:
        return next((c for c in self.all() if c.name.lower() == name.lower()), None)

    def get(self, name: str) -> Configuration:
        found = self.find(name)
        if found is None:
            raise ConfigurationError(f"No session configuration named '{name}' was found on computer "
                                     f"{self.computer}.", "NoMatchFoundForGivenName", "ObjectNotFound", target=name,
                                     exception_type="System.ArgumentException")
        return found

    def _read(self) -> list[Configuration]:
        if not os.path.exists(self.path):
            return []
        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10)) as db:
                rows = db.execute("SELECT name, idle_timeout_ms, max_idle_timeout_ms, output_buffering, "
                                  "max_sessions FROM configurations").fetchall()
        except sqlite3.Error as exc:
            raise ConfigurationError(f"Cannot read the session configurations of computer {self.computer} "
                                     f"('{self.path}'): {exc}.", "ConfigurationStoreUnreadable", "ReadError") from None
        return [Configuration(*row) for row in rows]

    # ------------------------------------------------------------ changing (root only)
    def register(self, configuration: Configuration, *, force: bool = False) -> Configuration:
        self._require_administrator()
        configuration = configuration.changed()
        existing = self.find(configuration.name)
        if existing is not None and not force:
            raise ConfigurationError(f"Cannot register the session configuration '{configuration.name}' on computer "
                                     f"{self.computer}: a configuration of that name already exists. Use -Force to "
                                     "replace it.", "PSSessionConfigurationExists", "ResourceExists",
                                     target=configuration.name)
        self._write("INSERT OR REPLACE INTO configurations VALUES (?, ?, ?, ?, ?)", configuration)
        return configuration

    def update(self, name: str, **values: Any) -> Configuration:
        self._require_administrator()
        configuration = self.get(name).changed(**values)
        self._write("INSERT OR REPLACE INTO configurations VALUES (?, ?, ?, ?, ?)", configuration)
        return configuration

    def unregister(self, name: str) -> Configuration:
        self._require_administrator()
        configuration = self.get(name)
        if configuration.name.lower() == DEFAULT_NAME.lower():
            raise ConfigurationError(f"The session configuration '{DEFAULT_NAME}' cannot be unregistered: every "
                                     "computer has it. Use Set-PSSessionConfiguration to change it.",
                                     "CannotUnregisterDefaultConfiguration", "InvalidOperation", target=name)
        with closing(self._open()) as db:
            db.execute("DELETE FROM configurations WHERE name = ?", (name,))
        return configuration

    def _require_administrator(self) -> None:
        if os.geteuid() != 0:
            raise ConfigurationError(f"Access is denied. Session configurations of computer {self.computer} can "
                                     "only be changed by an administrator (root).", "AccessDenied",
                                     "PermissionDenied", exception_type="System.UnauthorizedAccessException")

    def _open(self) -> sqlite3.Connection:
        os.makedirs(self.directory, mode=0o755, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute(_SCHEMA)
        os.chmod(self.path, 0o644)
        return db

    def _write(self, statement: str, configuration: Configuration) -> None:
        with closing(self._open()) as db:
            db.execute(statement, (configuration.name, configuration.idle_timeout_ms,
                                   configuration.max_idle_timeout_ms, configuration.output_buffering,
                                   configuration.max_sessions))
