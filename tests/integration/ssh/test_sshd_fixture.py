"""The SSH fixture itself: real sshd "computers" on 127.0.0.1, seen with paramiko (not pshell's
SSH client) and with the system ssh client.

Each computer answers the `pshell` subsystem with its own session host (its own state
directory), host keys are checked against the lab's known_hosts, the generated ssh config
works for OpenSSH, a computer made without the subsystem has none, and teardown leaves no
sshd, no session host and no directory behind.
"""

from __future__ import annotations

import os
import subprocess
import time

import paramiko
import pytest
from ssh_helpers import WAIT, FrameChannel, SshLab, open_pshell_channel, paramiko_client, unavailable

from pshell.wire import frames


def handshake_and_status(lab: SshLab, name: str) -> tuple[dict, dict]:
    """The welcome and the status reply of the computer's session host, through its subsystem."""
    client = paramiko_client(lab, name)
    try:
        channel: FrameChannel = open_pshell_channel(client)
        welcome = channel.hello()
        assert welcome["type"] == "welcome", welcome
        assert welcome["protocol"] == frames.PROTOCOL_VERSION
        reply = channel.request("status")
        assert reply["ok"] is True, reply
        channel.close()
        return welcome, reply["result"]
    finally:
        client.close()


def test_each_computer_answers_the_subsystem_with_its_own_session_host(ssh_lab: SshLab) -> None:
    server01, server02 = ssh_lab.computers(2)
    assert (server01.name, server02.name) == ("Server01", "Server02")
    assert server01.port != server02.port and server01.host_public_key != server02.host_public_key

    welcome1, status1 = handshake_and_status(ssh_lab, "Server01")
    welcome2, status2 = handshake_and_status(ssh_lab, "Server02")

    assert status1["state_dir"] == str(server01.state_dir)
    assert status2["state_dir"] == str(server02.state_dir)
    assert status1["state_dir"] != status2["state_dir"]
    assert welcome1["pid"] != welcome2["pid"]
    assert server01.host_pid == welcome1["pid"] and server02.host_pid == welcome2["pid"]
    # the client side has a state directory of its own, used by neither computer
    assert ssh_lab.env["PSHELL_STATE_DIR"] not in (status1["state_dir"], status2["state_dir"])


def test_an_unknown_host_key_is_refused(ssh_lab: SshLab) -> None:
    ssh_lab.computers(1)
    with pytest.raises(paramiko.SSHException, match="not found in known_hosts"):
        paramiko_client(ssh_lab, "Server01", load_known_hosts=False)


def test_the_system_ssh_client_uses_the_generated_config(ssh_lab: SshLab) -> None:
    server01 = ssh_lab.computers(1)[0]
    try:
        command = ssh_lab.ssh_command("Server01", "true")
    except FileNotFoundError:
        pytest.skip("no ssh client on PATH")
    env = ssh_lab.env
    assert "SSH_AUTH_SOCK" not in env and env["PSHELL_SSH_CONFIG"] == str(ssh_lab.ssh_config)
    done = subprocess.run(command, check=False, env=env, capture_output=True, text=True, timeout=WAIT, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr

    # SetEnv reaches the commands (and subsystems) of the computer's sessions
    done = subprocess.run(ssh_lab.ssh_command("Server01", 'echo "$PSHELL_STATE_DIR"'), check=False, env=env,
                          capture_output=True, text=True, timeout=WAIT, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(server01.state_dir)


def test_a_computer_without_the_subsystem(ssh_lab: SshLab) -> None:
    plain = ssh_lab.computer("Plain01", subsystem=False)
    assert "Subsystem" not in plain.config_path.read_text()
    client = paramiko_client(ssh_lab, "Plain01")
    try:
        with pytest.raises(paramiko.SSHException):
            open_pshell_channel(client)
        # a command still gets the computer's own state directory (for `pshell host --stdio` on PATH)
        _, stdout, _ = client.exec_command('echo "$PSHELL_STATE_DIR"', timeout=WAIT)
        assert stdout.read().decode().strip() == str(plain.state_dir)
    finally:
        client.close()
    assert plain.host_pid is None


def test_teardown_stops_every_server_and_removes_the_directory() -> None:
    lab = SshLab()
    try:
        computer = lab.computer("Server01")
        handshake_and_status(lab, "Server01")
        sshd_pid, host_pid = computer.pid, computer.host_pid
        assert sshd_pid and host_pid
        # one connection still open at teardown: its sshd process and relay must go too
        client = paramiko_client(lab, "Server01")
        open_pshell_channel(client).hello()
    finally:
        lab.close()
    client.close()
    assert not lab.root.exists()
    for pid in (sshd_pid, host_pid):
        deadline = time.monotonic() + WAIT
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not pid_alive(pid), f"pid {pid} is still running"


def test_a_stopped_computer_comes_back_on_its_port(ssh_lab: SshLab) -> None:
    server02 = ssh_lab.computers(2)[1]
    port, old_pid = server02.port, server02.pid
    server02.stop()
    assert not server02.running
    ssh_lab.computer("Server02")  # asking for it again starts it again
    assert server02.running and server02.port == port and server02.pid != old_pid
    handshake_and_status(ssh_lab, "Server02")


def test_ssh_clean_gives_a_test_no_running_session_host(ssh_clean: SshLab) -> None:
    server01 = ssh_clean.computers(1)[0]
    assert server01.host_pid is None  # whatever earlier tests started is stopped
    _, status = handshake_and_status(ssh_clean, "Server01")
    assert server01.host_pid == status["pid"]  # and stopped again after this test


def test_missing_openssh_skips_but_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no sshd"):
        unavailable("no sshd")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no sshd"):
        unavailable("no sshd")


def pid_alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_the_client_environment(ssh_lab: SshLab) -> None:
    env = ssh_lab.env
    assert env["HOME"] == os.environ["HOME"]
    assert "SSH_AUTH_SOCK" not in env and "SSH_AGENT_PID" not in env
    assert env["PSHELL_STATE_DIR"] == str(ssh_lab.client_state_dir)
    assert os.path.isfile(env["PSHELL_SSH_CONFIG"])
