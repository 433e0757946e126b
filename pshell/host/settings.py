"""The session host's operator settings: host.json in the state directory, then environment.

| setting (host.json)      | environment                    | default      | meaning |
|--------------------------|--------------------------------|--------------|---------|
| output_buffer_records    | PSHELL_OUTPUT_BUFFER           | 100000       | records a session's output buffer holds |
| min_idle_timeout_ms      | PSHELL_MIN_IDLE_TIMEOUT_MS     | 60000        | smallest idle timeout a session may have |
| heartbeat_ms             | PSHELL_HEARTBEAT_MS            | 5000         | heartbeat interval; a connection silent for 3 of them is lost |
| max_frame_bytes          | PSHELL_MAX_FRAME_BYTES         | 16777216     | largest frame accepted |
| handshake_timeout_ms     | PSHELL_HANDSHAKE_TIMEOUT_MS    | 10000        | time a new connection has to say hello |
| reap_interval_ms         | PSHELL_REAP_INTERVAL_MS        | 500          | how often expired sessions are looked for |

The environment wins over host.json. The daemon reads both once, at start (it inherits the
environment of the client that started it).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from typing import Any

from pshell.wire.frames import DEFAULT_MAX_FRAME


@dataclass
class Settings:
    output_buffer_records: int = 100_000
    min_idle_timeout_ms: int = 60_000
    heartbeat_ms: int = 5_000
    max_frame_bytes: int = DEFAULT_MAX_FRAME
    handshake_timeout_ms: int = 10_000
    reap_interval_ms: int = 500

    _ENV = {
        "output_buffer_records": "PSHELL_OUTPUT_BUFFER",
        "min_idle_timeout_ms": "PSHELL_MIN_IDLE_TIMEOUT_MS",
        "heartbeat_ms": "PSHELL_HEARTBEAT_MS",
        "max_frame_bytes": "PSHELL_MAX_FRAME_BYTES",
        "handshake_timeout_ms": "PSHELL_HANDSHAKE_TIMEOUT_MS",
        "reap_interval_ms": "PSHELL_REAP_INTERVAL_MS",
    }
    _MINIMUM = {
        "output_buffer_records": 1,
        "min_idle_timeout_ms": 0,
        "heartbeat_ms": 100,
        "max_frame_bytes": 1024,
        "handshake_timeout_ms": 100,
        "reap_interval_ms": 50,
    }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SettingsError(Exception):
    pass


def load_settings(path: str | None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from a host.json file (missing is fine) and the environment."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    if path and os.path.exists(path):
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as exc:
            raise SettingsError(f"Cannot read the session host settings '{path}': {exc}") from None
        if not isinstance(data, dict):
            raise SettingsError(f"The session host settings '{path}' must be a JSON object.")
        known = {f.name for f in fields(Settings)}
        for key, value in data.items():
            if key not in known:
                raise SettingsError(f"Unknown session host setting '{key}' in '{path}'. Known: {', '.join(sorted(known))}.")
            values[key] = value
    for key, var in Settings._ENV.items():
        if env.get(var):
            values[key] = env[var]
    settings = Settings()
    for key, value in values.items():
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise SettingsError(f"The session host setting '{key}' must be a whole number, not {value!r}.") from None
        if number < Settings._MINIMUM[key]:
            raise SettingsError(f"The session host setting '{key}' must be at least {Settings._MINIMUM[key]}.")
        setattr(settings, key, number)
    return settings
