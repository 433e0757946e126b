"""Host keys and logins a real sshd refuses, seen from a real client: each refusal is a
PowerShell-style error naming the computer, the script goes on, no traceback, no session.

Each test writes its own ssh config (PSHELL_SSH_CONFIG) with `Host` entries that reach a lab
computer with a known_hosts file or a client key of the test's choosing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ssh_helpers import REPO, Computer, SshLab, generate_key

TIMEOUT = 90


def entry(name: str, computer: Computer, *, key: Path, known_hosts: Path, strict: str) -> str:
    return (f"Host {name}\n    HostName 127.0.0.1\n    Port {computer.port}\n    User {computer.user}\n"
            f"    IdentityFile {key}\n    IdentitiesOnly yes\n    UserKnownHostsFile {known_hosts}\n"
            f"    StrictHostKeyChecking {strict}\n")


def run(lab: SshLab, config: Path, script: str) -> subprocess.CompletedProcess[str]:
    env = dict(lab.env, PSHELL_SSH_CONFIG=str(config), COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c", script], check=False, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT, cwd=str(REPO), stdin=subprocess.DEVNULL)


def describe(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"


def test_a_changed_host_key_is_refused_whatever_the_configuration_says(ssh_clean: SshLab, tmp_path: Path) -> None:
    server, other = ssh_clean.computers(2)
    stale = tmp_path / "known_hosts"  # what was recorded for Server01's address: another computer's key
    stale.write_text(f"[127.0.0.1]:{server.port} {' '.join(other.host_public_key.split()[:2])}\n")
    config = tmp_path / "config"
    config.write_text("".join(entry(name, server, key=ssh_clean.client_key, known_hosts=stale, strict=strict)
                              for name, strict in (("Strict", "yes"), ("Lenient", "no"), ("Asking", "ask"))))
    done = run(ssh_clean, config, "foreach ($name in 'Strict', 'Lenient', 'Asking') { "
                                  "New-PSSession -ComputerName $name }; \"sessions: $(@(Get-PSSession).Count)\"")
    err = " ".join(done.stderr.split())
    for name in ("Strict", "Lenient", "Asking"):
        assert f"[{name}] Connecting to remote server {name} failed" in err, describe(done)
    assert err.count("REMOTE HOST IDENTIFICATION HAS CHANGED!") == 3, describe(done)
    assert "SHA256:" in err and "Traceback" not in done.stderr, describe(done)
    assert done.stdout.splitlines() == ["sessions: 0"], describe(done)
    assert stale.read_text().count("\n") == 1, "known_hosts must not be rewritten"


def test_an_unknown_host_key_is_refused_without_a_terminal_unless_accept_new(ssh_clean: SshLab, tmp_path: Path) -> None:
    server = ssh_clean.computers(1)[0]
    refused, accepting = tmp_path / "refused_known_hosts", tmp_path / "accepting_known_hosts"
    config = tmp_path / "config"
    config.write_text(entry("Unasked", server, key=ssh_clean.client_key, known_hosts=refused, strict="ask")
                      + entry("Trusting", server, key=ssh_clean.client_key, known_hosts=accepting, strict="accept-new"))
    done = run(ssh_clean, config, "Invoke-Command -ComputerName Unasked { 'no' }; "
                                  "Invoke-Command -ComputerName Trusting { 'accepted' }")
    err = " ".join(done.stderr.split())
    assert "[Unasked] Connecting to remote server Unasked failed" in err, describe(done)
    assert "can't be established" in err and "SHA256:" in err, describe(done)
    assert done.stdout.splitlines() == ["accepted"], describe(done)
    assert not refused.exists() or not refused.read_text().strip(), "a refused key must not be recorded"
    recorded = accepting.read_text().split()
    assert recorded[0] == f"[127.0.0.1]:{server.port}" and recorded[1:3] == server.host_public_key.split()[:2]


def test_a_key_the_computer_does_not_know_is_permission_denied(ssh_clean: SshLab, tmp_path: Path) -> None:
    server = ssh_clean.computers(1)[0]
    stranger = tmp_path / "id_stranger"
    generate_key(ssh_clean.keygen, stranger, "stranger")
    config = tmp_path / "config"
    config.write_text(entry("Server01", server, key=stranger, known_hosts=ssh_clean.known_hosts, strict="yes"))
    done = run(ssh_clean, config, "$s = New-PSSession -ComputerName Server01; \"session: $($null -ne $s)\"; "
                                  "Invoke-Command -ComputerName Server01 { 1 } -ErrorVariable failed "
                                  "-ErrorAction SilentlyContinue; $failed[0].FullyQualifiedErrorId")
    err = " ".join(done.stderr.split())
    assert "[Server01] Connecting to remote server Server01 failed with the following error message" in err, \
        describe(done)
    assert "Permission denied" in err and "Traceback" not in done.stderr, describe(done)
    assert done.stdout.splitlines()[0] == "session: False", describe(done)
    assert done.stdout.splitlines()[1] == "AccessDenied,PSSessionOpenFailed", describe(done)  # PowerShell's id
