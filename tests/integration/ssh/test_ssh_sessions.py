"""The PSSession cmdlets against other computers over SSH: real sshd "computers", real clients.

Server01 and Server02 are OpenSSH servers on 127.0.0.1 (see conftest.py), each with its own
session host; clients are `pshell` processes using the lab's SSH client configuration.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ssh_helpers import SshLab

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
TIMEOUT = 90


def run(lab: SshLab, script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c", script], env=dict(lab.env, COLUMNS="120"),
                          capture_output=True, text=True, timeout=TIMEOUT, cwd=REPO, stdin=subprocess.DEVNULL)


def describe(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"


def wait_started(marker: Path, client: subprocess.Popen[str]) -> None:
    """Wait until the client's remote command has made its marker file (the client still running)."""
    deadline = time.monotonic() + TIMEOUT
    while not marker.exists():
        assert time.monotonic() < deadline and client.poll() is None, "the command did not start"
        time.sleep(0.05)


def test_sessions_on_two_computers_keep_state_and_tag_output(ssh_clean: SshLab) -> None:
    ssh_clean.computers(2)
    done = run(ssh_clean, """
        $a = New-PSSession -ComputerName Server01 -Name A
        $b = New-PSSession -ComputerName server02 -Name B
        $a, $b | Format-Table Id, Name, ComputerName, State, Availability
        Invoke-Command -Session $a { $x = 'one' }
        Invoke-Command -Session $a, $b { "$env:PSHELL_STATE_DIR|$x" } | Sort-Object PSComputerName |
            ForEach-Object { "$($_.PSComputerName): $_" }
        (Invoke-Command -ComputerName Server01, Server02 { 1 }).PSComputerName | Sort-Object
        Remove-PSSession $a, $b
    """)
    assert done.returncode == 0 and not done.stderr, describe(done)
    lines = [line.rstrip() for line in done.stdout.splitlines()]
    assert any(line.split()[:5] == ["1", "A", "Server01", "Opened", "Available"] for line in lines), describe(done)
    assert any(line.split()[:5] == ["2", "B", "server02", "Opened", "Available"] for line in lines), describe(done)
    first = next(line for line in lines if line.startswith("Server01: "))
    second = next(line for line in lines if line.startswith("server02: "))
    assert first.endswith("|one") and second.endswith("|"), describe(done)  # separate runspaces
    assert first.split("|")[0] != second.split("|")[0].replace("server02", "Server01"), describe(done)
    assert ["Server01", "Server02"] == [line for line in lines if line in ("Server01", "Server02")], describe(done)


def test_a_session_outlives_its_client_and_another_client_reconnects(ssh_clean: SshLab) -> None:
    ssh_clean.computers(1)
    started = run(ssh_clean, """
        Invoke-Command -ComputerName Server01 -InDisconnectedSession -SessionName Nightly {
            1..3 | ForEach-Object { "step $_"; Start-Sleep -Milliseconds 200 } } | Format-Table Name, State, Availability
    """)
    assert started.returncode == 0 and "Nightly Disconnected None" in " ".join(started.stdout.split()), \
        describe(started)
    later = run(ssh_clean, """
        Get-PSSession -ComputerName Server01 | Format-Table Name, State, Availability
        Receive-PSSession -ComputerName Server01 -Name Nightly
        Get-PSSession | Format-Table Name, State, Availability
        Get-PSSession -ComputerName Server01 -Name Nightly | Remove-PSSession
    """)
    assert later.returncode == 0 and not later.stderr, describe(later)
    text = " ".join(later.stdout.split())
    assert "Nightly Disconnected None" in text and "Nightly Opened Available" in text, describe(later)
    assert [line for line in later.stdout.splitlines() if line.startswith("step")] == ["step 1", "step 2", "step 3"]


def test_killing_the_client_never_harms_the_session(ssh_clean: SshLab, tmp_path) -> None:
    ssh_clean.computers(1)
    marker = tmp_path / "running"
    client = subprocess.Popen([sys.executable, "-m", "pshell", "-NoProfile", "-c", f"""
        $s = New-PSSession -ComputerName Server01 -Name Survivor
        Invoke-Command -Session $s {{ New-Item '{marker}' | Out-Null; 1..20 | ForEach-Object {{ "tick $_";
            Start-Sleep -Milliseconds 150 }} }}
    """], env=dict(ssh_clean.env), cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        wait_started(marker, client)
        os.kill(client.pid, signal.SIGKILL)
        client.wait(30)
    finally:
        if client.poll() is None:
            client.kill()
    deadline = time.monotonic() + TIMEOUT
    while True:  # the bridge dies with the SSH connection; the host marks the session Disconnected/None
        listing = run(ssh_clean, "Get-PSSession -ComputerName Server01 | Format-Table Name, State, Availability")
        if "Survivor Disconnected None" in " ".join(listing.stdout.split()):
            break
        assert time.monotonic() < deadline, describe(listing)
        time.sleep(0.2)
    received = run(ssh_clean, "Receive-PSSession -ComputerName Server01 -Name Survivor; "
                              "Get-PSSession -ComputerName Server01 | Remove-PSSession")
    ticks = [line for line in received.stdout.splitlines() if line.startswith("tick")]
    assert received.returncode == 0 and ticks and ticks[-1] == "tick 20", describe(received)


def test_unreachable_and_unknown_computers_are_clear_errors(ssh_clean: SshLab, tmp_path) -> None:
    server = ssh_clean.computers(1)[0]
    config = tmp_path / "config"
    config.write_text(open(ssh_clean.ssh_config, encoding="utf-8").read() + f"""
Host Closed
    HostName 127.0.0.1
    Port 1
Host Stranger
    HostName 127.0.0.1
    Port {server.port}
    IdentityFile {ssh_clean.client_key}
    UserKnownHostsFile {tmp_path / 'empty_known_hosts'}
    StrictHostKeyChecking yes
""", encoding="utf-8")
    env = dict(ssh_clean.env, PSHELL_SSH_CONFIG=str(config))
    done = subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c",
                           "New-PSSession -ComputerName Closed; New-PSSession -ComputerName Stranger; 'went on'"],
                          env=env, capture_output=True, text=True, timeout=TIMEOUT, cwd=REPO, stdin=subprocess.DEVNULL)
    err = " ".join(done.stderr.split())
    assert "[Closed] Connecting to remote server Closed failed" in err and "refused" in err, describe(done)
    assert "[Stranger] Connecting to remote server Stranger failed" in err, describe(done)
    assert "can't be established" in err and "SHA256:" in err, describe(done)
    assert "Traceback" not in done.stderr and done.stdout.strip().endswith("went on"), describe(done)


def test_hostname_username_port_and_key_file_parameters(ssh_clean: SshLab, tmp_path) -> None:
    server = ssh_clean.computers(1)[0]
    config = tmp_path / "config"
    config.write_text(f"Host 127.0.0.1\n    UserKnownHostsFile {ssh_clean.known_hosts}\n    IdentitiesOnly yes\n",
                      encoding="utf-8")
    env = dict(ssh_clean.env, PSHELL_SSH_CONFIG=str(config))
    script = (f"Invoke-Command -HostName '{ssh_clean.user}@127.0.0.1:{server.port}' -KeyFilePath "
              f"'{ssh_clean.client_key}' {{ 'by host name' }}\n"
              f"$s = New-PSSession -HostName 127.0.0.1 -UserName {ssh_clean.user} -Port {server.port} "
              f"-KeyFilePath '{ssh_clean.client_key}'\n"
              "Invoke-Command -Session $s { 'by parameters' }; $s.ComputerName; Remove-PSSession $s\n"
              "New-PSSession -HostName 127.0.0.1 -Port 1 -KeyFilePath nowhere")
    done = subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c", script], env=env, capture_output=True,
                          text=True, timeout=TIMEOUT, cwd=REPO, stdin=subprocess.DEVNULL)
    assert done.stdout.splitlines() == ["by host name", "by parameters", "127.0.0.1"], describe(done)
    assert "[127.0.0.1] Connecting to remote server 127.0.0.1 failed" in " ".join(done.stderr.split()), describe(done)


def test_proxyjump_reaches_a_computer_through_another(ssh_clean: SshLab, tmp_path) -> None:
    first, second = ssh_clean.computers(2)
    config = tmp_path / "config"
    config.write_text(open(ssh_clean.ssh_config, encoding="utf-8").read() + f"""
Host Behind
    HostName 127.0.0.1
    Port {second.port}
    User {ssh_clean.user}
    IdentityFile {ssh_clean.client_key}
    IdentitiesOnly yes
    UserKnownHostsFile {ssh_clean.known_hosts}
    ProxyJump Server01
""", encoding="utf-8")
    env = dict(ssh_clean.env, PSHELL_SSH_CONFIG=str(config))
    done = subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c",
                           "Invoke-Command -ComputerName Behind { $env:PSHELL_STATE_DIR } -HideComputerName"],
                          env=env, capture_output=True, text=True, timeout=TIMEOUT, cwd=REPO, stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and done.stdout.strip() == str(second.state_dir), describe(done)
    assert first.state_dir != second.state_dir


def test_fan_out_runs_on_every_reachable_computer_and_reports_the_others(ssh_clean: SshLab, tmp_path) -> None:
    ssh_clean.computers(2)
    config = tmp_path / "config"
    config.write_text(open(ssh_clean.ssh_config, encoding="utf-8").read() + "\nHost Server03\n    HostName 127.0.0.1\n"
                      "    Port 1\n", encoding="utf-8")
    env = dict(ssh_clean.env, PSHELL_SSH_CONFIG=str(config))
    done = subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c",
                           "Invoke-Command -ComputerName Server01, Server02, Server03 { 'hi' } -ThrottleLimit 2 | "
                           "Sort-Object PSComputerName | ForEach-Object { \"$($_.PSComputerName) $_\" }"],
                          env=env, capture_output=True, text=True, timeout=TIMEOUT, cwd=REPO, stdin=subprocess.DEVNULL)
    assert done.stdout.splitlines() == ["Server01 hi", "Server02 hi"], describe(done)
    assert "[Server03] Connecting to remote server Server03 failed with the following error message" in \
        " ".join(done.stderr.split()), describe(done)


def test_a_dropped_connection_is_made_again_and_nothing_is_lost(ssh_clean: SshLab, tmp_path) -> None:
    server = ssh_clean.computers(1)[0]
    marker = tmp_path / "ticking"
    client = subprocess.Popen([sys.executable, "-m", "pshell", "-NoProfile", "-c", f"""
        $s = New-PSSession -ComputerName Server01
        Invoke-Command -Session $s {{ New-Item '{marker}' | Out-Null
            1..12 | ForEach-Object {{ "tick $_"; Start-Sleep -Milliseconds 250 }} }}
        "state: $($s.State) $($s.Availability)"
        "jobs: $(@(Get-Job).Count)"
    """], env=dict(ssh_clean.env), cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        wait_started(marker, client)
        server.stop()  # the network goes away: the SSH connection (and the bridge under it) dies
        time.sleep(1.0)
        server.start()  # ... and comes back
        out, err = client.communicate(timeout=TIMEOUT)
    finally:
        if client.poll() is None:
            client.kill()
    assert client.returncode == 0, f"{out}\n{err}"
    ticks = [line for line in out.splitlines() if line.startswith("tick")]
    assert ticks == [f"tick {n}" for n in range(1, 13)], f"{out}\n{err}"
    text = " ".join((out + err).split())
    assert "The network connection to Server01 has been interrupted." in text, text
    assert "The network connection to Server01 has been restored." in text, text
    assert "state: Opened Available" in out and "jobs: 0" in out, out


def test_a_job_whose_connection_dropped_comes_back_with_its_session(ssh_clean: SshLab, tmp_path) -> None:
    server = ssh_clean.computers(1)[0]
    marker, go_on = tmp_path / "started", tmp_path / "go-on"
    client = subprocess.Popen([sys.executable, "-m", "pshell", "-NoProfile", "-c", f"""
        $j = Invoke-Command -ComputerName Server01 -AsJob {{ New-Item '{marker}' | Out-Null
            while (-not (Test-Path '{go_on}')) {{ Start-Sleep -Milliseconds 50 }}
            1..3 | ForEach-Object {{ "part $_" }} }}
        while ($j.State -ne 'Disconnected') {{ Start-Sleep -Milliseconds 50 }}
        "job: $($j.State)"
        while (-not (Test-Path '{go_on}')) {{ Start-Sleep -Milliseconds 50 }}
        $s = Get-PSSession -ComputerName Server01
        $back = $s | Receive-PSSession
        "same job: $($back.Id -eq $j.Id)"
        Receive-Job $j -Wait
        "job: $($j.State)"
    """], env=dict(ssh_clean.env), cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        wait_started(marker, client)
        server.stop()  # the connection drops while the job's command runs
        server.start()
        go_on.write_text("go")
        out, err = client.communicate(timeout=TIMEOUT)
    finally:
        if client.poll() is None:
            client.kill()
    lines = out.splitlines()
    assert client.returncode == 0, f"{out}\n{err}"
    assert lines[0] == "job: Disconnected" and "same job: True" in lines, f"{out}\n{err}"
    assert [line for line in lines if line.startswith("part")] == ["part 1", "part 2", "part 3"], f"{out}\n{err}"
    assert lines[-1] == "job: Completed", f"{out}\n{err}"
