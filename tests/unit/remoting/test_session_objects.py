"""PSSession objects, computer names, remote-output tagging and the PSSession table, without a host."""

from __future__ import annotations

import io
import socket

import pytest

from pshell.console import ConsoleHost
from pshell.engine.members import get_property
from pshell.engine.values import PSObject
from pshell.format.render import format_to_text
from pshell.remoting.client import ClientSessions
from pshell.remoting.computers import is_loopback, resolve
from pshell.remoting.pssession import PSSession
from pshell.remoting.tagging import tag_remote
from pshell.shell import Shell

INFO = {"instance_id": "7f1c8a52-7d1e-4d55-9a53-2c3b8c1f0a01", "name": "Session2", "configuration": "Microsoft.PowerShell",
        "state": "Disconnected", "availability": "None", "idle_timeout_ms": 7200000, "output_buffering": "Block",
        "disconnected_on": "2026-11-23T10:00:00.000+00:00", "expires_on": "2026-11-23T12:00:00.000+00:00",
        "command": None, "undelivered": 0}


def session(**changes: object) -> PSSession:
    return PSSession(2, resolve("Server01"), dict(INFO, **changes))


@pytest.mark.parametrize("name", ["localhost", "LOCALHOST", ".", "127.0.0.1", "::1", socket.gethostname()])
def test_loopback_names(name: str) -> None:
    assert is_loopback(name)
    assert resolve(name).transport == "Local"


def test_other_names_go_over_ssh_and_dot_shows_as_localhost() -> None:
    assert resolve("Server01").transport == "SSH"
    assert resolve(".").name == "localhost"
    assert resolve("127.0.0.1").name == "127.0.0.1"


def test_session_table_is_the_documents() -> None:
    text = format_to_text([session()], width=120)
    assert text.strip("\n").splitlines() == [
        " Id Name      ComputerName  State         ConfigurationName     Availability",
        " -- ----      ------------  -----         -----------------     ------------",
        "  2 Session2  Server01      Disconnected  Microsoft.PowerShell          None",
    ]


def test_session_text_and_times() -> None:
    s = session()
    assert str(s) == "[PSSession]Session2"
    assert s.IdleTimeout == 7200000 and s.OutputBufferingMode == "Block"
    assert (s.ExpiresOn - s.DisconnectedOn).total_seconds() == 7200


def test_local_states_win_over_the_hosts_answer() -> None:
    s = session(state="Opened", availability="Available")
    s.mark("Closed")
    assert (s.State, s.Availability) == ("Closed", "None")
    s.update(dict(INFO, state="Opened", availability="Busy"))
    assert (s.State, s.Availability) == ("Opened", "Busy")


def test_a_queried_session_the_client_holds_is_the_same_object() -> None:
    client = ClientSessions()
    held = client.add(PSSession(client.take_id(), resolve("localhost"), dict(INFO, state="Opened")))
    again = client.adopt(resolve("localhost"), dict(INFO, state="Opened", availability="Busy"))
    other = client.adopt(resolve("localhost"), dict(INFO, instance_id="00000000-0000-0000-0000-000000000001"))
    assert again is held and held.Availability == "Busy"
    assert other is not held and other.Id == 2 and other not in client.sessions


def test_default_names_are_unique_in_the_client() -> None:
    client = ClientSessions()
    client.add(PSSession(1, resolve("localhost"), dict(INFO, name="Session2")))
    assert client.default_name(2) == "Session3"


def test_remote_output_carries_the_computer_name() -> None:
    text = tag_remote("abc", "Server01", "rid")
    number = tag_remote(41, "Server01", "rid")
    assert text == "abc" and get_property(text, "PSComputerName") == "Server01"
    assert number + 1 == 42 and get_property(number, "PSComputerName") == "Server01"
    assert tag_remote(None, "Server01", "rid") is None
    obj = tag_remote(PSObject({"A": 1}), "Server01", "rid")
    assert get_property(obj, "PSComputerName") == "Server01"


def test_remote_objects_show_the_computer_name_column_unless_hidden() -> None:
    shown = tag_remote(PSObject({"A": 1}), "Server01", "rid")
    hidden = tag_remote(PSObject({"A": 1}), "Server01", "rid", show=False)
    assert "PSComputerName" in format_to_text([shown], width=80)
    assert "PSShowComputerName" not in format_to_text([shown], width=80)
    assert format_to_text([hidden], width=80).split() == ["A", "-", "1"]


def run(code: str) -> tuple[str, str]:
    host = ConsoleHost(out=io.StringIO(), err=io.StringIO(), width=120)
    Shell(host).execute(code)
    return host.out.getvalue(), host.err.getvalue()


def test_invoke_command_binds_a_script_block_or_a_computer_first() -> None:
    out, err = run("Invoke-Command { param($a) $a * 2 } -ArgumentList 21")
    assert out.strip() == "42" and not err


def test_invoke_command_parameter_rules() -> None:
    _, err = run("Invoke-Command -ComputerName localhost -InDisconnectedSession -AsJob { 1 }")
    assert "both the AsJob and Disconnected parameters" in err
    _, err = run("Invoke-Command -ComputerName localhost -SessionName X -ScriptBlock { 1 }")
    assert "The SessionName parameter can only be used with the Disconnected switch parameter." in err


def test_session_selection_errors() -> None:
    _, err = run("Get-PSSession -Id 99; Get-PSSession -Name Nope*; Get-PSSession -Name Nope")
    assert "The remote session with the session ID 99 is not available." in err
    assert "The remote session with the name Nope  is not available." in err
    assert "Nope*" not in err
