"""The code examples of the user's document (about_Remote_Disconnected_Sessions), sections
"Idle Timeout", "Idle timeout values" and "Output buffering mode", run as written against
localhost (each test has its own computer: session host and session configurations), with
the values that end up in force and what they do: a session expires, Block pauses, Drop
discards."""

from __future__ import annotations

from pathlib import Path

from client_helpers import Clients, Result, clients, numbers, poll_clients, session_rows
from host_helpers import HostEnv, wait_for
from test_pssession_output_buffering import BUFFER, dropped_warning, session_info, wait_suspended

TEST_48H = 172_800_000  # ms
TEST_72H = 259_200_000


def values(result: Result) -> dict[str, str]:
    """The `key=value` lines a client printed."""
    return dict(line.split("=", 1) for line in result.lines if "=" in line and " " not in line.split("=", 1)[0])


def test_idle_timeout_section_lists_each_configurations_idle_timeouts(clients: Clients) -> None:
    result = clients.ok("""
$o = New-PSTransportOption -IdleTimeoutSec 172800 -MaxIdleTimeoutSec 259200
Register-PSSessionConfiguration -Name Test -TransportOption $o | Out-Null
Get-PSSessionConfiguration |
  Format-Table Name, IdleTimeoutMs, MaxIdleTimeoutMs
""")
    rows = [line.split() for line in result.lines if line.strip()]
    assert rows == [["Name", "IdleTimeoutMs", "MaxIdleTimeoutMs"], ["----", "-------------", "----------------"],
                    ["Microsoft.PowerShell", "7200000", "2147483647"],
                    ["Test", str(TEST_48H), str(TEST_72H)]], result.describe()


def test_idle_timeout_precedence_option_then_preference_then_configuration(clients: Clients) -> None:
    result = clients.ok("""
$c = New-PSSession
"configuration=$($c.IdleTimeout)"
$PSSessionOption = New-PSSessionOption -IdleTimeoutMSec 172800000
$p = New-PSSession
"preference=$($p.IdleTimeout)"
$o = New-PSSessionOption -IdleTimeoutMSec 3600000
$s = New-PSSession -SessionOption $o
"option=$($s.IdleTimeout)"
$i = Invoke-Command -ComputerName localhost -InDisconnectedSession { 1 }
"invoke-preference=$($i.IdleTimeout)"
$i2 = Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionOption $o { 1 }
"invoke-option=$($i2.IdleTimeout)"
$s | Disconnect-PSSession -IdleTimeoutSec 172800 | Out-Null
"disconnected=$($s.IdleTimeout) hours=$(($s.ExpiresOn - $s.DisconnectedOn).TotalHours)"
Connect-PSSession -Session $s -SessionOption (New-PSSessionOption -IdleTimeoutMSec 60000) | Out-Null
"connect-keeps=$($s.IdleTimeout)"
$s | Disconnect-PSSession | Out-Null
Receive-PSSession -Session $s -SessionOption (New-PSSessionOption -IdleTimeoutMSec 60000) | Out-Null
"receive-keeps=$($s.IdleTimeout)"
""")
    seen = values(result)
    assert seen["configuration"] == "7200000", result.describe()
    assert seen["preference"] == str(TEST_48H) and seen["invoke-preference"] == str(TEST_48H), result.describe()
    assert seen["option"] == "3600000" and seen["invoke-option"] == "3600000", result.describe()
    assert seen["disconnected"] == f"{TEST_48H} hours=48", result.describe()
    assert seen["connect-keeps"] == str(TEST_48H) and seen["receive-keeps"] == str(TEST_48H), result.describe()


def test_configuration_idle_timeouts_are_the_default_and_the_ceiling(clients: Clients) -> None:
    result = clients.run("""
$o = New-PSTransportOption -IdleTimeoutSec 3600 -MaxIdleTimeoutSec 7200
Register-PSSessionConfiguration -Name Test -TransportOption $o | Out-Null
$before = New-PSSession -ConfigurationName Test
"before=$($before.IdleTimeout) configuration=$($before.ConfigurationName)"
$o = New-PSTransportOption -IdleTimeoutSec 172800 -MaxIdleTimeoutSec 259200
Set-PSSessionConfiguration -Name Test -TransportOption $o
$after = New-PSSession -ConfigurationName Test
"after=$($after.IdleTimeout) existing=$($before.IdleTimeout)"
'#too-long'
New-PSSession -ConfigurationName Test -SessionOption (New-PSSessionOption -IdleTimeoutMSec 300000000)
"too-long-id=$($Error[0].FullyQualifiedErrorId)"
'#disconnect-too-long'
Disconnect-PSSession -Session $after -IdleTimeoutSec 300000
"still=$($after.State)/$($after.Availability)"
Disconnect-PSSession -Session $after -IdleTimeoutSec 259200 | Out-Null
"longest=$($after.IdleTimeout) $($after.State)"
""")
    seen = values(result)
    assert seen["before"] == "3600000 configuration=Test", result.describe()
    assert seen["after"] == f"{TEST_48H} existing=3600000", result.describe()
    assert seen["too-long-id"] == "InvalidIdleTimeout,PSSessionOpenFailed", result.describe()
    assert ("The specified IdleTimeout value 300000000 (milliseconds) is greater than the maximum allowed by the "
            "session configuration, 259200000 (milliseconds).") in " ".join(result.err.split()), result.describe()
    assert seen["still"] == "Opened/Available", result.describe()
    assert seen["longest"] == f"{TEST_72H} Disconnected", result.describe()
    err = " ".join(result.err.split())
    assert "300000 (seconds) is either greater than the server maximum allowed 259200 (seconds)" in err and \
        "cannot be disconnected because the specified idle time-out value" in err, \
        result.describe()
    assert len(session_rows(result.out)) == 0


def test_a_session_expires_when_the_idle_timeout_in_force_runs_out(host: HostEnv, clients: Clients) -> None:
    host.settings(min_idle_timeout_ms=1000, reap_interval_ms=100)
    clients.ok("""
$PSSessionOption = New-PSSessionOption -IdleTimeoutMSec 1500
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Short { Start-Sleep 30 } | Out-Null
$o = New-PSSessionOption -IdleTimeoutMSec 3600000
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Long -SessionOption $o { 1 } | Out-Null
""")

    def short_gone(result: Result) -> bool:
        return result.code == 0 and [r["Name"] for r in session_rows(result.out)] == ["Long"]

    poll_clients(host, "Get-PSSession -ComputerName localhost", short_gone, what="Short to expire, Long to stay")


def test_output_buffering_mode_values_by_precedence(clients: Clients) -> None:
    result = clients.ok("""
"configuration=$((Get-PSSessionConfiguration Microsoft.PowerShell).OutputBufferingMode)"
$o = New-PSTransportOption -OutputBufferingMode Drop
Register-PSSessionConfiguration -Name Test -TransportOption $o | Out-Null
Get-PSSessionConfiguration | Format-Table Name, OutputBufferingMode
"test=$((Get-PSSessionConfiguration Test).OutputBufferingMode)"
"by-configuration=$((New-PSSession -ConfigurationName Test).OutputBufferingMode)"
$PSSessionOption = New-PSSessionOption -OutputBufferingMode Drop
"preference=$((New-PSSession).OutputBufferingMode)"
$PSSessionOption = New-PSSessionOption -OutputBufferingMode Block
$o = New-PSSessionOption -OutputBufferingMode Drop
"option=$((New-PSSession -SessionOption $o).OutputBufferingMode)"
$s = New-PSSession -Name Test
"block=$($s.OutputBufferingMode)"
$s | Disconnect-PSSession -OutputBufferingMode Drop | Out-Null
"at-disconnect=$($s.OutputBufferingMode)"
$s | Connect-PSSession -SessionOption (New-PSSessionOption -OutputBufferingMode Block) | Out-Null
"at-connect=$($s.OutputBufferingMode)"
$s | Disconnect-PSSession | Out-Null
$o = New-PSSessionOption -OutputBufferingMode Drop
Connect-PSSession -ComputerName localhost -Name Test -SessionOption $o | Out-Null
"connect-by-name=$($s.OutputBufferingMode)"
""")
    seen = values(result)
    assert seen["configuration"] == "Block" and seen["test"] == "Drop", result.describe()
    table = [line.split() for line in result.lines if line.startswith(("Microsoft.PowerShell ", "Test "))]
    assert table == [["Microsoft.PowerShell", "Block"], ["Test", "Drop"]], result.describe()
    assert (seen["by-configuration"], seen["preference"], seen["option"], seen["block"]) == \
        ("Drop", "Drop", "Drop", "Block"), result.describe()
    assert (seen["at-disconnect"], seen["at-connect"], seen["connect-by-name"]) == ("Drop", "Block", "Drop"), \
        result.describe()


def test_a_configurations_buffering_mode_blocks_then_drops_after_set(host: HostEnv, clients: Clients,
                                                                     tmp_path: Path) -> None:
    host.settings(output_buffer_records=BUFFER)
    blocked_done, dropped_done = tmp_path / "blocked", tmp_path / "dropped"
    clients.ok(f"""
Register-PSSessionConfiguration -Name Test | Out-Null
Invoke-Command -ComputerName localhost -ConfigurationName Test -InDisconnectedSession -SessionName Paused {{
    1..5000; Set-Content -Path '{blocked_done}' -Value finished }} | Out-Null
""")
    info = wait_suspended(host, "Paused")  # Block: the command waits for a client
    assert info["buffered"] == BUFFER and not blocked_done.exists(), info

    clients.ok(f"""
$o = New-PSTransportOption -OutputBufferingMode Drop
Set-PSSessionConfiguration -Name Test -TransportOption $o
Invoke-Command -ComputerName localhost -ConfigurationName Test -InDisconnectedSession -SessionName Dropping {{
    1..5000; Set-Content -Path '{dropped_done}' -Value finished }} | Out-Null
""")
    wait_for(dropped_done.exists, what="the Drop session's command to run to its end while disconnected")
    received = clients.ok("Receive-PSSession -ComputerName localhost -Name Dropping")
    assert numbers(received.lines) == list(range(5001 - BUFFER, 5001)), received.describe()[:3000]
    assert dropped_warning(5000 - BUFFER, "Dropping") in received.lines, received.describe()[:3000]
    assert session_info(host, "Paused")["command"]["blocked"] and not blocked_done.exists()  # Set changed new ones
    paused = clients.ok("Receive-PSSession -ComputerName localhost -Name Paused")
    assert numbers(paused.lines) == list(range(1, 5001)) and blocked_done.exists(), paused.describe()[:3000]


def test_max_sessions_and_an_unknown_configuration_are_clear_errors(clients: Clients) -> None:
    result = clients.run("""
Register-PSSessionConfiguration -Name Pair -TransportOption (New-PSTransportOption -MaxSessions 2) | Out-Null
$two = New-PSSession -ConfigurationName Pair -Name A, B -ComputerName localhost, localhost
New-PSSession -ConfigurationName Pair -Name C
"third=$($Error[0].FullyQualifiedErrorId) made=$($two.Count)"
Remove-PSSession $two[0]
"after-remove=$((New-PSSession -ConfigurationName Pair -Name C).Name)"
New-PSSession -ConfigurationName Nope
"unknown=$($Error[0].FullyQualifiedErrorId)"
""")
    seen = values(result)
    assert seen["third"] == "MaxSessionsExceeded,PSSessionOpenFailed made=2", result.describe()
    assert seen["after-remove"] == "C", result.describe()
    assert seen["unknown"] == "InvalidResourceUri,PSSessionOpenFailed", result.describe()
    err = " ".join(result.err.split())
    assert "The session configuration 'Pair' on computer" in err and "allows at most 2 sessions" in err, err
    assert "Cannot find the Nope session configuration on the" in err, err
