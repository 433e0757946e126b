"""Idle timeout: a disconnected session is kept until ExpiresOn, then the session host removes it
and ends what runs in it (no orphans); an idle timeout out of range at disconnect is refused."""

from __future__ import annotations

from pathlib import Path

from client_helpers import (
    Clients,
    Result,
    clients,
    one_line,
    poll_clients,
    session_rows,
)
from host_helpers import HostEnv, pid_gone, wait_for


def test_expired_session_is_removed_with_its_running_program(host: HostEnv, clients: Clients, tmp_path: Path) -> None:
    host.settings(min_idle_timeout_ms=1000, reap_interval_ms=100)
    pidfile = tmp_path / "sleeper.pid"
    clients.ok(f"""
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Idle -ScriptBlock {{
    sh -c 'echo $$ > {pidfile}; exec /bin/sleep 60'
}} | Out-Null
""")
    wait_for(lambda: pidfile.exists() and pidfile.read_text().strip(), what="the session's sleep to start")
    sleeper = int(pidfile.read_text())
    assert not pid_gone(sleeper)

    # another client connects (the command is running), then disconnects with a short idle timeout
    disconnected = clients.ok("""
$s = Connect-PSSession -ComputerName localhost -Name Idle
"connected=$($s.State)/$($s.Availability)"
$s = Disconnect-PSSession -Session $s -IdleTimeoutSec 2
"disconnected=$($s.State)/$($s.Availability) IdleTimeout=$($s.IdleTimeout)"
"expires-after=$(($s.ExpiresOn - $s.DisconnectedOn).TotalSeconds)"
""")
    assert disconnected.lines[-3:] == ["connected=Opened/Busy", "disconnected=Disconnected/None IdleTimeout=2000",
                                       "expires-after=2"], disconnected.describe()
    assert not pid_gone(sleeper)  # disconnecting does not stop the command

    def gone(result: Result) -> bool:
        return result.code == 0 and not session_rows(result.out)


    poll_clients(host, "Get-PSSession -ComputerName localhost", gone, what="the session to expire")
    wait_for(lambda: pid_gone(sleeper), what="the expired session's sleep to be ended")


def test_idle_timeout_out_of_range_at_disconnect_is_refused(clients: Clients) -> None:
    result = clients.run("""
$s = New-PSSession -ComputerName localhost -Name Short
Disconnect-PSSession -Session $s -IdleTimeoutSec 30
"after-low=$($s.State)/$($s.Availability) id=$($Error[0].FullyQualifiedErrorId)"
Disconnect-PSSession -Session $s -IdleTimeoutSec 3000000
"after-high=$($s.State)/$($s.Availability)"
Get-PSSession -ComputerName localhost
Invoke-Command -Session $s { 'still usable' }
""")
    assert result.code == 0, result.describe()
    err = result.err_text
    assert one_line(
        "Disconnect-PSSession: The session Short cannot be disconnected because the specified idle time-out value "
        "30 (seconds) is either greater than the server maximum allowed 2147483 (seconds), or less than the minimum "
        "allowed 60 (seconds). Specify an idle time-out value that is within the allowed range, and try again.") in err, \
        result.describe()
    assert "specified idle time-out value 3000000 (seconds)" in err, result.describe()
    lines = result.lines
    assert ("after-low=Opened/Available id=CannotDisconnectSessionWithInvalidIdleTimeout,"
            "Microsoft.PowerShell.Commands.DisconnectPSSessionCommand") in lines, result.describe()
    assert "after-high=Opened/Available" in lines, result.describe()
    assert [(r["Name"], r["State"], r["Availability"]) for r in session_rows(result.out)] == [
        ("Short", "Opened", "Available")], result.describe()
    assert lines[-1] == "still usable", result.describe()
