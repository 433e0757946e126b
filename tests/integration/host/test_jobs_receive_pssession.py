"""The user's document, step by step: a command started in a disconnected session by one client,
collected as a job by another (`Receive-PSSession -ComputerName Server02 -Name Session3
-OutTarget Job`, then `Get-Job | Receive-Job -Keep`; Server02 is localhost here)."""

from __future__ import annotations

from pathlib import Path

from client_helpers import Clients, clients, gate, open_gate, session_rows  # noqa: F401 - the fixture
from host_helpers import wait_for
from job_helpers import between, job_rows


EVENT = "[pscustomobject]@{{ Id = {id}; LevelDisplayName = 'Information'; Message = \"Event {id}\" }}"


def test_receive_pssession_out_target_job_then_receive_job_keep(clients: Clients, tmp_path: Path) -> None:
    first_part, go, b_go = tmp_path / "first-part", tmp_path / "go", tmp_path / "b-go"
    # client A starts the command in a disconnected session and exits
    started = clients.ok(f"""
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Session3 -ScriptBlock {{
    400, 600, 601 | ForEach-Object {{ {EVENT.format(id='$_')}; Start-Sleep -Milliseconds 200 }}
    Set-Content -Path '{first_part}' -Value done
    {gate(go)}
    602, 603 | ForEach-Object {{ {EVENT.format(id='$_')}; Start-Sleep -Milliseconds 200 }}
}}
""")
    assert [(r["Name"], r["State"], r["Availability"]) for r in session_rows(started.out)] == [
        ("Session3", "Disconnected", "None")], started.describe()
    wait_for(first_part.exists, what="the first events to be written with nobody connected")

    # client B collects it as a job
    b = clients.start(f"""
Receive-PSSession -ComputerName localhost -Name Session3 -OutTarget Job
'#received'
{gate(b_go)}
Get-Job | Wait-Job | Out-Null
'#keep'
Get-Job | Receive-Job -Keep | ForEach-Object {{ "$($_.Id) $($_.Message) $($_.PSComputerName)" }}
'#kept'
Get-Job
'#keep-again'
Get-Job | Receive-Job -Keep | ForEach-Object {{ "$($_.Id) $($_.Message) $($_.PSComputerName)" }}
'#plain'
Get-Job | Receive-Job | ForEach-Object {{ "$($_.Id) $($_.Message) $($_.PSComputerName)" }}
'#taken'
Get-Job
'#nothing-left'
Get-Job | Receive-Job
'#sessions'
Get-PSSession
'#end'
""")
    b.wait_line("#received")
    rows = job_rows(b.out)
    assert len(rows) == 1, b.describe()
    row = rows[0]
    # the command is waiting for the gate: the job is running
    assert (row["Id"], row["Name"], row["PSJobTypeName"], row["State"], row["Location"]) == (
        "1", "Job1", "RemoteJob", "Running", "localhost"), b.describe()
    assert row["Command"].startswith("400, 600, 601 | ForEach-Obj"), b.describe()

    open_gate(go)
    open_gate(b_go)
    result = b.finish()
    assert result.code == 0 and not result.err.strip(), result.describe()
    lines = result.lines
    events = ["400 Event 400 localhost", "600 Event 600 localhost", "601 Event 601 localhost",
              "602 Event 602 localhost", "603 Event 603 localhost"]
    # everything: what was made while disconnected and what came after, each with PSComputerName
    assert between(lines, "#keep", "#kept") == events, result.describe()
    kept = job_rows("\n".join(between(lines, "#kept", "#keep-again")))
    assert [(r["Id"], r["State"], r["HasMoreData"]) for r in kept] == [("1", "Completed", "True")], result.describe()
    assert between(lines, "#keep-again", "#plain") == events, result.describe()  # -Keep: the same again
    assert between(lines, "#plain", "#taken") == events, result.describe()
    taken = job_rows("\n".join(between(lines, "#taken", "#nothing-left")))
    assert [(r["Id"], r["State"], r["HasMoreData"]) for r in taken] == [("1", "Completed", "False")], \
        result.describe()
    assert [line for line in between(lines, "#nothing-left", "#sessions") if line.strip()] == [], result.describe()
    assert [(r["Name"], r["State"], r["Availability"]) for r in session_rows(
        "\n".join(between(lines, "#sessions", "#end")))] == [("Session3", "Opened", "Available")], result.describe()


def test_receive_pssession_job_name_names_the_job(clients: Clients, tmp_path: Path) -> None:
    done = tmp_path / "done"
    clients.ok(f"""
Invoke-Command -ComputerName localhost -InDisconnectedSession -SessionName Nightly -ScriptBlock {{
    'night work'
    Set-Content -Path '{done}' -Value done
}} | Out-Null
""")
    wait_for(done.exists, what="the command to finish with nobody connected")
    result = clients.ok("""
$j = Receive-PSSession -ComputerName localhost -Name Nightly -JobName NightJob
$j | Wait-Job | Out-Null
"name=$($j.Name) type=$($j.PSJobTypeName) state=$($j.State) location=$($j.Location)"
Receive-Job $j | ForEach-Object { "$_ @ $($_.PSComputerName)" }
""")
    assert result.lines == ["name=NightJob type=RemoteJob state=Completed location=localhost",
                            "night work @ localhost"], result.describe()
