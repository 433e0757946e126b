"""How computer names are resolved through the OpenSSH client configuration (no network)."""

from __future__ import annotations

import getpass
from pathlib import Path

import paramiko
import pytest

from pshell.remoting import ssh

CONFIG = """
Host Server0?
    HostName 127.0.0.1
    Port 2222
    User deploy
    IdentityFile {key}
    IdentitiesOnly yes
    UserKnownHostsFile {known}
    StrictHostKeyChecking accept-new
    ServerAliveInterval 15

Host *
    Port 22
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config"
    path.write_text(CONFIG.format(key=tmp_path / "id_test", known=tmp_path / "known_hosts"), encoding="utf-8")
    monkeypatch.setenv("PSHELL_SSH_CONFIG", str(path))
    return path


def test_an_alias_with_wildcards_resolves_as_ssh_would(config: Path) -> None:
    target = ssh.target_for("Server01")
    assert (target.hostname, target.port, target.user) == ("127.0.0.1", 2222, "deploy")
    assert target.identity_files == (str(config.parent / "id_test"),)
    assert target.known_hosts_files == (str(config.parent / "known_hosts"),)
    assert (target.strict, target.identities_only, target.keepalive) == ("accept-new", True, 15)


def test_other_names_keep_their_name_and_the_defaults(config: Path) -> None:
    target = ssh.target_for("db.example.org")
    assert (target.hostname, target.port, target.user, target.strict) == ("db.example.org", 22, getpass.getuser(),
                                                                          "ask")


def test_parameters_win_over_the_configuration(config: Path) -> None:
    target = ssh.target_for("Server01", user="root", port=2200, key_file="~/k")
    assert (target.user, target.port) == ("root", 2200)
    assert target.identity_files[0].endswith("/k")


def test_one_connection_per_user_host_and_port(config: Path) -> None:
    assert ssh.target_for("Server01").key == ssh.target_for("Server02").key


def test_refusals_are_explained() -> None:
    target = ssh.Target("Server01", "127.0.0.1", 2222, "deploy", known_hosts_files=("/k",))
    key = paramiko.RSAKey.generate(1024)
    unknown = ssh._explain("Server01", target, ssh._UnknownHostKey("[127.0.0.1]:2222", key))
    assert "can't be established" in unknown and ssh.fingerprint(key) in unknown and "accept-new" in unknown
    other = paramiko.RSAKey.generate(1024)
    changed = ssh._explain("Server01", target, paramiko.BadHostKeyException("[127.0.0.1]:2222", key, other))
    assert "REMOTE HOST IDENTIFICATION HAS CHANGED" in changed and "refused" in changed
    assert "refused" in ssh._explain("Server01", target, ConnectionRefusedError(111, "Connection refused"))
    assert "Permission denied for deploy@127.0.0.1:2222" in ssh._explain(
        "Server01", target, paramiko.AuthenticationException("Authentication failed."))


def test_session_option_timeouts_reach_local_and_ssh_computers() -> None:
    from pshell.remoting.computers import SSHOptions, resolve

    options = SSHOptions(open_timeout=5.0, operation_timeout=7.5)
    local, remote = resolve("localhost", options), resolve("Server01", options)
    assert local.is_local and local.ssh.operation_timeout == 7.5  # timeouts alone do not mean "over SSH"
    assert not remote.is_local and (remote.ssh.open_timeout, remote.ssh.operation_timeout) == (5.0, 7.5)


def test_a_connection_closed_during_the_banner_is_explained() -> None:
    target = ssh.Target("web01", "10.0.0.5", 2222, "deploy")
    assert ssh._explain("web01", target, EOFError()) == (
        "The connection to 10.0.0.5:2222 was closed before SSH could start on it (the server, or something between, "
        "ended it).")
