"""examples/disconnected-sessions.ps1, run as a user runs it: a real pshell process (which
starts a second pshell process) against a real session host in a private state directory."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from host_helpers import REPO, HostEnv

EXAMPLE = REPO / "examples" / "disconnected-sessions.ps1"


def row(id_: int | None, name: str, state: str, availability: str) -> re.Pattern[str]:
    """A row of the PSSession table, as the user's document shows it (id_ None: any Id)."""
    number = r"\d+" if id_ is None else str(id_)
    return re.compile(rf"^ +{number} {name} +localhost +{state} +Microsoft\.PowerShell +{availability}$", re.M)


def sections(text: str) -> dict[str, str]:
    """The output under each `== Step ==` heading."""
    parts = re.split(r"^== (.+) ==$", text, flags=re.M)
    return {title: body for title, body in zip(parts[1::2], parts[2::2])}


def test_walkthrough_runs_start_to_finish(host: HostEnv) -> None:
    done = subprocess.run([sys.executable, "-m", "pshell", str(EXAMPLE)], env=host.env, cwd=str(REPO),
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    steps = sections(done.stdout)
    assert list(steps) == [
        "New-PSSession", "Get-PSSession -ComputerName localhost", "Get-PSSession", "A second client looks",
        "Disconnect-PSSession", "The second client connects", "Connect-PSSession",
        "Invoke-Command -InDisconnectedSession", "It keeps running", "The second client receives",
        "Idle timeouts and output buffering", "Remove-PSSession",
    ]

    # This client: the session it made, and the same object found by asking the computer.
    for title in ("New-PSSession", "Get-PSSession -ComputerName localhost", "Get-PSSession"):
        assert " Id Name  ComputerName  State         ConfigurationName     Availability" in steps[title]
        assert row(1, "Demo", "Opened", "Available").search(steps[title]), steps[title]

    # The second client, while this one is connected: Disconnected and Busy, and it may not connect.
    looks = steps["A second client looks"]
    assert row(1, "Demo", "Disconnected", "Busy").search(looks), looks
    assert 'Connect-PSSession refused: Cannot connect PSSession "Demo", either because it is not in the ' \
           "Disconnected state, or it is not available for connection." in looks

    disconnect = steps["Disconnect-PSSession"]
    assert row(1, "Demo", "Disconnected", "None").search(disconnect), disconnect
    assert "IdleTimeout:         3600000 ms" in disconnect
    assert "OutputBufferingMode: Drop" in disconnect
    assert re.search(r"^DisconnectedOn:      \d\d/\d\d/\d{4} \d\d:\d\d:\d\d$", disconnect, re.M), disconnect
    assert re.search(r"^ExpiresOn:           \d\d/\d\d/\d{4} \d\d:\d\d:\d\d   \(DisconnectedOn \+ 1 hour\)$",
                     disconnect, re.M), disconnect

    # The second client, after this one disconnected: None, so it connects and finds the variables.
    connects = steps["The second client connects"]
    assert row(1, "Demo", "Disconnected", "None").search(connects), connects
    assert row(2, "Demo", "Opened", "Available").search(connects), connects
    assert "counter is now 2" in connects

    reconnect = steps["Connect-PSSession"]
    assert row(1, "Demo", "Opened", "Available").search(reconnect), reconnect
    assert "counter is 2" in reconnect

    started = steps["Invoke-Command -InDisconnectedSession"]
    assert row(2, "DemoJob", "Disconnected", "None").search(started), started
    assert "Step" not in started  # no output comes back yet

    running = steps["It keeps running"]
    assert re.search(r"^Written while disconnected: step 1, step 2", running, re.M), running
    assert row(2, "DemoJob", "Disconnected", "None").search(running), running

    # The second client collects every object the command made, tagged with the computer.
    receives = steps["The second client receives"]
    assert row(None, "DemoJob", "Disconnected", "None").search(receives), receives
    assert re.search(r"^Step Time\s+PSComputerName$", receives, re.M), receives
    received = re.findall(r"^ +(\d) \d\d:\d\d:\d\d localhost$", receives, re.M)
    assert received == ["1", "2", "3", "4", "5"], receives

    # Where a new session's idle timeout and buffering mode come from.
    options = steps["Idle timeouts and output buffering"]
    assert re.search(r"^Microsoft\.PowerShell\s+7200000\s+2147483647 Block$", options, re.M), options
    assert ("From $PSSessionOption: IdleTimeout 172800000 ms (48 hours), OutputBufferingMode Block (the "
            "configuration's)") in options, options
    assert ("From -SessionOption:   IdleTimeout 7200000 ms (the configuration's: the option replaces $PSSessionOption), "
            "OutputBufferingMode Drop") in options, options

    assert steps["Remove-PSSession"].rstrip().endswith("Demo sessions left on localhost: 0")
    assert host.connect().list_sessions() == []

