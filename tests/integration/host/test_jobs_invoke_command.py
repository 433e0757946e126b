"""Invoke-Command -AsJob: remote jobs over sessions and over computers, as real clients show them.

A remote job is a RemoteJob parent with one child job per session (or computer); the parent
takes its Id first and the children the next ones, default names are Job<Id>, and the job
table is `Id Name PSJobTypeName State HasMoreData Location Command` (SPEC §2, §3 Jobs).
"""

from __future__ import annotations

from client_helpers import Clients, clients  # noqa: F401 - the fixture
from job_helpers import between, job_rows, PRELUDE


def brief(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    """Id, Name, PSJobTypeName, State, HasMoreData of each row."""
    return [(r["Id"], r["Name"], r["PSJobTypeName"], r["State"], r["HasMoreData"]) for r in rows]


def test_as_job_over_one_session(clients: Clients) -> None:
    result = clients.ok(PRELUDE + """
$s = New-PSSession -ComputerName localhost -Name JobHost
$j = Invoke-Command -Session $s -ScriptBlock { 'one'; 'two' } -AsJob
'#started'
$j
'#done'
Wait-Until { $j.State -eq 'Completed' }
Get-Job -IncludeChildJob
'#props'
"type=$($j.PSJobTypeName) children=$($j.ChildJobs.Count) child=$($j.ChildJobs[0].Id)/$($j.ChildJobs[0].Name)/$($j.ChildJobs[0].Location)/$($j.ChildJobs[0].State)"
"session=$($s.State)/$($s.Availability)"
'#received'
Receive-Job $j | ForEach-Object { "$_ from $($_.PSComputerName)" }
'#end'
""")
    lines = result.lines
    started = job_rows("\n".join(between(lines, "#started", "#done")))
    assert len(started) == 1, result.describe()
    row = started[0]
    assert (row["Id"], row["Name"], row["PSJobTypeName"], row["Location"], row["Command"]) == (
        "1", "Job1", "RemoteJob", "localhost", "'one'; 'two'"), result.describe()
    assert row["State"] in ("Running", "Completed"), result.describe()

    done = job_rows("\n".join(between(lines, "#done", "#props")))
    assert brief(done) == [("1", "Job1", "RemoteJob", "Completed", "True"),
                           ("2", "Job2", "", "Completed", "True")], result.describe()
    assert [r["Location"] for r in done] == ["localhost", "localhost"], result.describe()
    assert between(lines, "#props", "#received") == [
        "type=RemoteJob children=1 child=2/Job2/localhost/Completed", "session=Opened/Available"], result.describe()
    assert between(lines, "#received", "#end") == ["one from localhost", "two from localhost"], result.describe()


def test_as_job_over_two_sessions_with_a_job_name(clients: Clients) -> None:
    result = clients.ok(PRELUDE + """
$s = New-PSSession -ComputerName localhost -Name First
$t = New-PSSession -ComputerName localhost -Name Second
Invoke-Command -Session $s { $who = 'first runspace' }
Invoke-Command -Session $t { $who = 'second runspace' }
$j = Invoke-Command -Session $s, $t -ScriptBlock { "I am the $who" } -AsJob -JobName Both
Wait-Until { $j.State -eq 'Completed' }
'#table'
Get-Job -IncludeChildJob
'#props'
"name=$($j.Name) id=$($j.Id) children=$(($j.ChildJobs | ForEach-Object { "$($_.Id):$($_.Name):$($_.Location)" }) -join ',')"
"location=$($j.Location)"
'#received'
Receive-Job $j | ForEach-Object { "$_ @ $($_.PSComputerName)" }
'#next'
$k = Invoke-Command -Session $s { 'next' } -AsJob
Wait-Until { $k.State -eq 'Completed' }
"next=$($k.Id)/$($k.Name) child=$($k.ChildJobs[0].Id)/$($k.ChildJobs[0].Name)"
""")
    lines = result.lines
    table = job_rows("\n".join(between(lines, "#table", "#props")))
    assert brief(table) == [("1", "Both", "RemoteJob", "Completed", "True"),
                            ("2", "Job2", "", "Completed", "True"),
                            ("3", "Job3", "", "Completed", "True")], result.describe()
    assert all(r["Command"] == '"I am the $who"' for r in table), result.describe()
    props = between(lines, "#props", "#received")
    assert props[0] == "name=Both id=1 children=2:Job2:localhost,3:Job3:localhost", result.describe()
    # both sessions are on the same computer: the job's Location names that computer (once or per child)
    assert props[1].startswith("location=") and \
        {part.strip() for part in props[1][len("location="):].split(",")} == {"localhost"}, result.describe()
    # each child ran in its own session's runspace; output comes child after child
    assert between(lines, "#received", "#next") == ["I am the first runspace @ localhost",
                                                    "I am the second runspace @ localhost"], result.describe()
    assert lines[-1] == "next=4/Job4 child=5/Job5", result.describe()


def test_as_job_over_computers_makes_a_child_per_computer_and_temporary_sessions(clients: Clients) -> None:
    result = clients.ok(PRELUDE + """
$j = Invoke-Command -ComputerName localhost, 127.0.0.1 -ScriptBlock { "ran here" } -AsJob
"#started $($j.State)"
Wait-Until { $j.State -eq 'Completed' }
'#table'
Get-Job -IncludeChildJob
'#props'
"children=$(($j.ChildJobs | ForEach-Object { "$($_.Id):$($_.Location)" }) -join ',')"
"location=$($j.Location)"
'#received'
Receive-Job $j | ForEach-Object { "$_ @ $($_.PSComputerName)" } | Sort-Object
'#sessions'
# the temporary sessions end with the job (allow the client a moment to remove them)
Wait-Until { @(Get-PSSession -ComputerName localhost).Count -eq 0 } -Seconds 30
"remote=$(@(Get-PSSession -ComputerName localhost).Count) local=$(@(Get-PSSession).Count)"
""")
    lines = result.lines
    assert lines[0] in ("#started Running", "#started Completed"), result.describe()
    table = job_rows("\n".join(between(lines, "#table", "#props")))
    assert brief(table) == [("1", "Job1", "RemoteJob", "Completed", "True"),
                            ("2", "Job2", "", "Completed", "True"),
                            ("3", "Job3", "", "Completed", "True")], result.describe()
    props = between(lines, "#props", "#received")
    assert props[0] == "children=2:localhost,3:127.0.0.1", result.describe()
    assert props[1].startswith("location=") and \
        [part.strip() for part in props[1][len("location="):].split(",")] == ["localhost", "127.0.0.1"], \
        result.describe()
    assert between(lines, "#received", "#sessions") == ["ran here @ 127.0.0.1", "ran here @ localhost"], \
        result.describe()
    assert lines[-1] == "remote=0 local=0", result.describe()

    # another client does not find them either
    later = clients.ok("\"count=$(@(Get-PSSession -ComputerName localhost).Count)\"")
    assert later.lines == ["count=0"], later.describe()
