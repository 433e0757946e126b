"""The computer's session configurations: defaults, changes by root, Access is denied for others."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pshell.host.configurations import DEFAULT, Configuration, ConfigurationError, ConfigurationStore


def store(tmp_path: Path) -> ConfigurationStore:
    return ConfigurationStore(str(tmp_path / "etc-pshell"), computer="Server01")


def test_without_a_file_only_microsoft_powershell_exists_with_powershells_defaults(tmp_path: Path) -> None:
    configurations = store(tmp_path).all()
    assert configurations == [DEFAULT]
    assert (DEFAULT.name, DEFAULT.idle_timeout_ms, DEFAULT.max_idle_timeout_ms, DEFAULT.output_buffering) == \
        ("Microsoft.PowerShell", 7_200_000, 2_147_483_647, "Block")
    assert not (tmp_path / "etc-pshell").exists(), "reading must not create the store"


def test_register_set_and_unregister(tmp_path: Path) -> None:
    configurations = store(tmp_path)
    configurations.register(Configuration("Test", idle_timeout_ms=172_800_000, max_idle_timeout_ms=259_200_000))
    assert configurations.get("test").idle_timeout_ms == 172_800_000  # names are case-insensitive
    with pytest.raises(ConfigurationError) as exists:
        configurations.register(Configuration("TEST"))
    assert exists.value.error_id == "PSSessionConfigurationExists"
    configurations.register(Configuration("Test", output_buffering="Drop"), force=True)
    assert configurations.get("Test").output_buffering == "Drop"
    assert configurations.update("Test", max_sessions=2, idle_timeout_ms=None).max_sessions == 2
    assert [c.name for c in ConfigurationStore(configurations.directory).all()] == ["Microsoft.PowerShell", "Test"]
    configurations.unregister("test")
    assert configurations.find("Test") is None


def test_the_store_is_readable_by_everyone_and_written_by_root(tmp_path: Path) -> None:
    configurations = store(tmp_path)
    configurations.update("Microsoft.PowerShell", output_buffering="Drop")
    assert stat.S_IMODE(os.stat(configurations.path).st_mode) == 0o644
    assert stat.S_IMODE(os.stat(configurations.directory).st_mode) & 0o755 == 0o755
    assert configurations.get("Microsoft.PowerShell").output_buffering == "Drop"


def test_changes_by_anyone_but_root_are_access_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    configurations = store(tmp_path)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    for change in (lambda: configurations.register(Configuration("Test")),
                   lambda: configurations.update("Microsoft.PowerShell", max_sessions=1),
                   lambda: configurations.unregister("Microsoft.PowerShell")):
        with pytest.raises(ConfigurationError) as denied:
            change()
        assert denied.value.error_id == "AccessDenied" and denied.value.message.startswith("Access is denied.")
    assert configurations.all() == [DEFAULT]


def test_bad_values_and_unknown_names(tmp_path: Path) -> None:
    configurations = store(tmp_path)
    with pytest.raises(ConfigurationError) as too_long:
        configurations.update("Microsoft.PowerShell", idle_timeout_ms=120_000, max_idle_timeout_ms=60_000)
    assert too_long.value.error_id == "InvalidIdleTimeout"
    with pytest.raises(ConfigurationError) as missing:
        configurations.update("Nope", max_sessions=1)
    assert missing.value.error_id == "NoMatchFoundForGivenName" and "Server01" in missing.value.message
    with pytest.raises(ConfigurationError) as default:
        configurations.unregister("microsoft.powershell")
    assert default.value.error_id == "CannotUnregisterDefaultConfiguration"
