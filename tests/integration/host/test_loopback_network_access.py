"""Loopback sessions and -EnableNetworkAccess (the document's "Disconnecting loopback
sessions"): by default a command in a session cannot use the user's SSH agent; a session made
with -EnableNetworkAccess can (the agent of the client connected to it). Each session has its
own environment variables. Disconnecting such a session warns that it can only be reconnected
from the local computer; another client on this computer reconnects it and lends its agent.

A real ssh-agent holds a key made for the test; `ssh-add -l` inside a session shows whether
the agent can be reached."""

from __future__ import annotations

from pathlib import Path

from client_helpers import Clients, clients, one_line
from ssh_agent import Agent, agent  # noqa: F401 - the fixture

WARNING = ("WARNING: PSSession Net was created using the EnableNetworkAccess parameter and can only be reconnected "
           "from the local computer.")


def test_only_a_network_access_session_reaches_the_agent(clients: Clients, agent: Agent) -> None:
    result = clients.ok("""
$plain = New-PSSession -Name Plain
$net = New-PSSession -Name Net -EnableNetworkAccess
Invoke-Command $plain { "plain agent=[$env:SSH_AUTH_SOCK]"; ssh-add -l 2>&1 | Select-Object -First 1 }
Invoke-Command $net { "net agent=[$env:SSH_AUTH_SOCK]"; ssh-add -l }
Invoke-Command -ComputerName localhost -EnableNetworkAccess { "temporary agent=[$env:SSH_AUTH_SOCK]" }
Invoke-Command -ComputerName localhost { "temporary plain=[$env:SSH_AUTH_SOCK]" }
"flag plain=$($plain.EnableNetworkAccess) net=$($net.EnableNetworkAccess)"
Invoke-Command $plain { $env:ONLY_PLAIN = 'mine' }
Invoke-Command $net { "net sees=[$env:ONLY_PLAIN]" }
Invoke-Command $plain { "plain sees=[$env:ONLY_PLAIN]" }
""", SSH_AUTH_SOCK=str(agent.socket))
    lines = result.lines
    assert "plain agent=[]" in lines and "Could not open a connection to your authentication agent." in lines, \
        result.describe()
    assert f"net agent=[{agent.socket}]" in lines, result.describe()
    assert any(line.endswith("network-access-test (ED25519)") for line in lines), result.describe()
    assert f"temporary agent=[{agent.socket}]" in lines and "temporary plain=[]" in lines, result.describe()
    assert "flag plain=False net=True" in lines, result.describe()
    assert "net sees=[]" in lines and "plain sees=[mine]" in lines, result.describe()


def test_disconnecting_warns_and_a_client_on_this_computer_reconnects(clients: Clients, agent: Agent,
                                                                      tmp_path: Path) -> None:
    first = clients.ok("""
$net = New-PSSession -Name Net -EnableNetworkAccess
$plain = New-PSSession -Name Plain
$net, $plain | Disconnect-PSSession | Out-Null
"states=$($net.State),$($plain.State)"
""", SSH_AUTH_SOCK=str(agent.socket))
    assert first.lines[-1] == "states=Disconnected,Disconnected", first.describe()
    assert one_line(first.err) == "" and WARNING in first.lines, first.describe()  # once, naming only Net

    other_agent = tmp_path / "no-agent-here.sock"
    second = clients.ok("""
$s = Connect-PSSession -ComputerName localhost -Name Net
"connected=$($s.State) network=$($s.EnableNetworkAccess)"
Invoke-Command $s { "agent=[$env:SSH_AUTH_SOCK]" }
Get-PSSession -ComputerName localhost | Remove-PSSession
""", SSH_AUTH_SOCK=str(other_agent))
    assert "connected=Opened network=True" in second.lines, second.describe()
    assert f"agent=[{other_agent}]" in second.lines, second.describe()  # the agent of the client connected now
