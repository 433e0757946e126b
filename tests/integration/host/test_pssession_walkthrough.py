"""The user's document, walked through with real clients (about_Remote_Disconnected_Sessions:
"How to get PSSessions", "How to disconnect sessions", "State and Availability properties").
Server01/Server30 are localhost here."""

from __future__ import annotations

from pathlib import Path

from client_helpers import (
    Clients,
    clients,
    gate,
    open_gate,
    row_of,
    session_rows,
    tables,
)

HEADER = " Id Name      ComputerName  State         ConfigurationName     Availability"
DASHES = " -- ----      ------------  -----         -----------------     ------------"


def between(lines: list[str], start: str | None, end: str) -> str:
    """The text a client printed after the line `start` (from the top when None) and before `end`."""
    begin = 0 if start is None else lines.index(start) + 1
    return "\n".join(lines[begin:lines.index(end)])


def test_document_walkthrough_new_get_disconnect(clients: Clients) -> None:
    result = clients.ok("""
New-PSSession -ComputerName localhost
'#get-computer'
Get-PSSession -ComputerName localhost
'#get'
Get-PSSession
'#disconnect'
Get-PSSession -ComputerName localhost | Disconnect-PSSession
'#same'
$held = Get-PSSession
$found = Get-PSSession -ComputerName localhost
"count=$((Get-PSSession).Count) sameobject=$($held -eq $found) id=$($found.Id) text=$found"
""")
    lines = result.lines
    opened = [HEADER, DASHES, "  1 Session1  localhost     Opened        Microsoft.PowerShell     Available"]
    assert tables(between(lines, None, "#get-computer")) == [opened], result.describe()
    # the session this client holds comes back as the same object (same Id), not a new one
    assert tables(between(lines, "#get-computer", "#get")) == [opened], result.describe()
    assert tables(between(lines, "#get", "#disconnect")) == [opened], result.describe()
    assert tables(between(lines, "#disconnect", "#same")) == [
        [HEADER, DASHES, "  1 Session1  localhost     Disconnected  Microsoft.PowerShell          None"]], result.describe()
    assert lines[-1] == "count=1 sameobject=True id=1 text=[PSSession]Session1", result.describe()


def test_state_and_availability_seen_from_two_clients(clients: Clients, tmp_path: Path) -> None:
    a_disconnect, a_list, b_connect, b_end = (tmp_path / n for n in ("a1", "a2", "b1", "b2"))
    a = clients.start(f"""
$s = New-PSSession -ComputerName localhost -Name Test
$s
"A:iid=$($s.InstanceId)"
'A:created'
{gate(a_disconnect)}
Get-PSSession -ComputerName localhost -Name Test | Disconnect-PSSession
'A:disconnected'
{gate(a_list)}
Get-PSSession -ComputerName localhost
'A:end'
""")
    a.wait_line("A:created")
    a_iid = a.wait_line(lambda line: line.startswith("A:iid=")).split("=", 1)[1]
    assert row_of(a.out, "Test") == {"Id": "1", "Name": "Test", "ComputerName": "localhost", "State": "Opened",
                                     "ConfigurationName": "Microsoft.PowerShell", "Availability": "Available"}

    b = clients.start(f"""
Get-PSSession -ComputerName localhost -Name Test
'B:listed'
Connect-PSSession -ComputerName localhost -Name Test
'B:refused'
{gate(b_connect)}
Get-PSSession -ComputerName localhost
'B:listed-again'
$c = Connect-PSSession -ComputerName localhost -Name Test
$c
"B:iid=$($c.InstanceId)"
Invoke-Command -Session $c {{ 'ran in Test' }}
'B:connected'
{gate(b_end)}
'B:end'
""")
    b.wait_line("B:refused")
    # connected to A: for B it is Disconnected and Busy, and B cannot connect it
    seen = session_rows(between(b.lines, None, "B:listed"))
    assert [(r["Name"], r["State"], r["Availability"]) for r in seen] == [("Test", "Disconnected", "Busy")], b.describe()
    b.wait_err('Connect-PSSession: Cannot connect PSSession "Test", either because it is not in the Disconnected '
               "state, or it is not available for connection.")
    assert not session_rows(between(b.lines, "B:listed", "B:refused")), b.describe()

    open_gate(a_disconnect)
    a.wait_line("A:disconnected")
    assert session_rows(between(a.lines, "A:created", "A:disconnected")) == [
        {"Id": "1", "Name": "Test", "ComputerName": "localhost", "State": "Disconnected",
         "ConfigurationName": "Microsoft.PowerShell", "Availability": "None"}], a.describe()

    open_gate(b_connect)
    b.wait_line("B:connected")
    listed = session_rows(between(b.lines, "B:refused", "B:listed-again"))
    assert [(r["Name"], r["State"], r["Availability"]) for r in listed] == [("Test", "Disconnected", "None")], b.describe()
    connected = session_rows(between(b.lines, "B:listed-again", "B:connected"))
    # B's own Id counter: every query makes a new local object with a new Id (as in the document,
    # where B's Connect-PSSession shows Id 3); Name and InstanceId are the server's
    earlier = [int(r["Id"]) for r in seen + listed]
    assert earlier == sorted(set(earlier)), b.describe()
    assert len(connected) == 1 and int(connected[0].pop("Id")) > max(earlier), b.describe()
    assert connected == [{"Name": "Test", "ComputerName": "localhost", "State": "Opened",
                          "ConfigurationName": "Microsoft.PowerShell", "Availability": "Available"}], b.describe()
    assert f"B:iid={a_iid}" in b.lines, b.describe()
    assert "ran in Test" in b.lines, b.describe()

    open_gate(a_list)
    a.wait_line("A:end")
    # A still has its object (Id 1); the session is now connected to B: Disconnected/Busy for A
    assert session_rows(between(a.lines, "A:disconnected", "A:end")) == [
        {"Id": "1", "Name": "Test", "ComputerName": "localhost", "State": "Disconnected",
         "ConfigurationName": "Microsoft.PowerShell", "Availability": "Busy"}], a.describe()
    done_a = a.finish()
    assert done_a.code == 0 and not done_a.err, a.describe()

    open_gate(b_end)
    done_b = b.finish()
    assert done_b.code == 0 and "B:end" in done_b.out, b.describe()
