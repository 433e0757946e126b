"""State directory safety, settings, and the peer credential check."""

from __future__ import annotations

import json
import os
import socket
import stat

import pytest

from pshell.host.connection import check_peer, peer_credentials
from pshell.host.paths import StateDirError, default_state_dir, ensure_state_dir, socket_address, state_paths
from pshell.host.settings import Settings, SettingsError, load_settings


def test_default_state_dir(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PSHELL_STATE_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert default_state_dir() == str(tmp_path / "xdg" / "pshell")
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_state_dir() == str(tmp_path / ".local" / "state" / "pshell")
    monkeypatch.setenv("PSHELL_STATE_DIR", str(tmp_path / "explicit"))
    assert default_state_dir() == str(tmp_path / "explicit")


def test_state_dir_is_created_private_and_checked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    paths = ensure_state_dir(state_paths(str(tmp_path / "a" / "state")))
    assert stat.S_IMODE(os.stat(paths.root).st_mode) == 0o700
    os.chmod(paths.root, 0o755)
    ensure_state_dir(paths)  # readable by others: tightened
    assert stat.S_IMODE(os.stat(paths.root).st_mode) == 0o700
    os.chmod(paths.root, 0o777)
    with pytest.raises(StateDirError, match="can be written by other accounts"):
        ensure_state_dir(paths)


def test_the_folders_made_above_the_state_dir_are_private_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "home").mkdir(mode=0o755)
    paths = ensure_state_dir(state_paths(str(tmp_path / "home" / ".local" / "state" / "pshell")))
    for folder in (tmp_path / "home" / ".local", tmp_path / "home" / ".local" / "state", paths.root):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder
    assert stat.S_IMODE(os.stat(tmp_path / "home").st_mode) == 0o755  # already there: left alone
    (tmp_path / "file").write_text("")
    with pytest.raises(StateDirError, match="Cannot create"):
        ensure_state_dir(state_paths(str(tmp_path / "file" / "pshell")))


def test_settings_file_and_environment(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert load_settings(str(tmp_path / "missing.json"), {}) == Settings()
    path = tmp_path / "host.json"
    path.write_text(json.dumps({"output_buffer_records": 1000, "min_idle_timeout_ms": 2000}))
    s = load_settings(str(path), {"PSHELL_MIN_IDLE_TIMEOUT_MS": "500"})
    assert s.output_buffer_records == 1000 and s.min_idle_timeout_ms == 500 and s.heartbeat_ms == 5000
    path.write_text(json.dumps({"output_buffer_records": 0}))
    with pytest.raises(SettingsError, match="at least 1"):
        load_settings(str(path), {})
    path.write_text(json.dumps({"colour": 1}))
    with pytest.raises(SettingsError, match="Unknown"):
        load_settings(str(path), {})


def test_peer_credentials_of_a_unix_socket() -> None:
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid, uid, gid = peer_credentials(b)
    assert (pid, uid, gid) == (os.getpid(), os.geteuid(), os.getegid())
    assert check_peer(b, os.geteuid())[0] is True
    assert check_peer(b, os.geteuid() + 1)[0] is False
    a.close()
    b.close()


def test_long_socket_paths_work(tmp_path) -> None:  # type: ignore[no-untyped-def]
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    path = str(deep / "host.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with socket_address(path) as address:
        server.bind(address)
    server.listen(1)
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with socket_address(path) as address:
        client.connect(address)
    assert os.path.exists(path)
    client.close()
    server.close()
