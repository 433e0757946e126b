"""Get-Job's filters (-Id, -Name, -State, -HasMoreData, -Newest, -IncludeChildJob, pipeline
input) and Receive-Job's -Wait -AutoRemoveJob and -WriteJobInResults, on remote jobs."""

from __future__ import annotations

from pathlib import Path

from client_helpers import Clients, clients, gate, one_line  # noqa: F401 - the fixture
from job_helpers import job_rows, PRELUDE


def sections(lines: list[str]) -> dict[str, list[str]]:
    """The lines after each `#name` marker line, up to the next marker."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        if line.startswith("#"):
            current = found.setdefault(line[1:], [])
        elif current is not None:
            current.append(line)
    return found


def test_get_job_filters(clients: Clients, tmp_path: Path) -> None:
    go = tmp_path / "go"
    result = clients.run(PRELUDE + f"""
$s = New-PSSession -ComputerName localhost -Name G1
$t = New-PSSession -ComputerName localhost -Name G2
$a = Invoke-Command -Session $s -ScriptBlock {{ 'alpha output' }} -AsJob -JobName Alpha
Wait-Until {{ $a.State -eq 'Completed' }}
$b = Invoke-Command -Session $t -ScriptBlock {{ 'beta output'; {gate(go)} }} -AsJob -JobName Beta
Wait-Until {{ $b.ChildJobs[0].Output.Count -ge 1 }}
'#all'; Get-Job
'#id'; Get-Job -Id 3
'#child-id'; Get-Job -Id 2
'#ids'; Get-Job -Id 3, 1
'#name-wildcard'; Get-Job -Name A*
'#name-literal'; Get-Job -Name Beta
'#name-missing'; Get-Job -Name Gamma
'#name-missing-wildcard'; Get-Job -Name Gam*
'#id-missing'; Get-Job -Id 42
'#state-running'; Get-Job -State Running
'#state-completed'; Get-Job -State Completed
'#received'; Receive-Job $a
'#has-more-data'; Get-Job -HasMoreData $true
'#no-more-data'; Get-Job -HasMoreData $false
'#newest'; Get-Job -Newest 1
'#children'; Get-Job -IncludeChildJob
'#pipeline'; $a | Get-Job
'#errors'; $Error | ForEach-Object {{ $_.FullyQualifiedErrorId }}
'#end'
Set-Content -Path '{go}' -Value go
Wait-Job $b -Timeout 60 | Out-Null
"beta=$($b.State)"
""")
    assert result.code == 0, result.describe()
    found = sections(result.lines)

    def shown(name: str) -> list[tuple[str, str, str, str, str]]:
        return [(r["Id"], r["Name"], r["PSJobTypeName"], r["State"], r["HasMoreData"])
                for r in job_rows("\n".join(found[name]))]

    alpha, beta = ("1", "Alpha", "RemoteJob", "Completed", "True"), ("3", "Beta", "RemoteJob", "Running", "True")
    assert shown("all") == [alpha, beta], result.describe()
    assert shown("id") == [beta], result.describe()
    assert shown("child-id") == [("2", "Job2", "", "Completed", "True")], result.describe()
    assert [row[0] for row in shown("ids")] == ["1", "3"], result.describe()
    assert shown("name-wildcard") == [alpha], result.describe()
    assert shown("name-literal") == [beta], result.describe()
    assert shown("name-missing") == [] and shown("name-missing-wildcard") == [], result.describe()
    assert shown("id-missing") == [], result.describe()
    assert shown("state-running") == [beta], result.describe()
    assert shown("state-completed") == [alpha], result.describe()
    assert found["received"] == ["alpha output"], result.describe()
    assert shown("has-more-data") == [beta], result.describe()
    assert shown("no-more-data") == [("1", "Alpha", "RemoteJob", "Completed", "False")], result.describe()
    assert shown("newest") == [beta], result.describe()
    assert shown("children") == [("1", "Alpha", "RemoteJob", "Completed", "False"),
                                 ("2", "Job2", "", "Completed", "False"),
                                 beta, ("4", "Job4", "", "Running", "True")], result.describe()
    assert shown("pipeline") == [("1", "Alpha", "RemoteJob", "Completed", "False")], result.describe()
    # a literal name or Id that matches nothing is an error; a wildcard is silent
    assert found["errors"] == ["JobWithSpecifiedIdNotFound,Microsoft.PowerShell.Commands.GetJobCommand",
                               "JobWithSpecifiedNameNotFound,Microsoft.PowerShell.Commands.GetJobCommand"], \
        result.describe()
    assert one_line(result.err) == (
        "Get-Job: The command cannot find the job because the job name Gamma was not found. Verify the value of the "
        "Name parameter, and then try the command again. "
        "Get-Job: The command cannot find a job with the job ID 42. Verify the value of the Id parameter and then "
        "try the command again."), result.describe()
    assert found["end"] == ["beta=Completed"], result.describe()


def test_receive_job_wait_auto_remove_and_write_job_in_results(clients: Clients) -> None:
    result = clients.ok("""
$s = New-PSSession -ComputerName localhost
$a = Invoke-Command -Session $s -ScriptBlock { 'a1'; Start-Sleep -Milliseconds 500; 'a2' } -AsJob
'#auto-remove'
Receive-Job $a -Wait -AutoRemoveJob
"jobs=$(@(Get-Job).Count) state=$($a.State)"
$b = Invoke-Command -Session $s -ScriptBlock { 'b1'; 'b2' } -AsJob
'#write-job'
$r = Receive-Job $b -Wait -WriteJobInResults
"count=$($r.Count) first=$($r[0].Id)/$($r[0].Name)/$($r[0].PSJobTypeName)/$($r[0].State) then=$($r[1]),$($r[2])"
"jobs=$(@(Get-Job).Count) more=$($b.HasMoreData)"
'#write-job-again'
Receive-Job $b -WriteJobInResults
'#end'
""")
    found = sections(result.lines)
    assert found["auto-remove"] == ["a1", "a2", "jobs=0 state=Completed"], result.describe()
    assert found["write-job"] == ["count=3 first=3/Job3/RemoteJob/Completed then=b1,b2", "jobs=1 more=False"], \
        result.describe()
    # nothing left to receive: just the job
    rows = job_rows("\n".join(found["write-job-again"]))
    assert [(r["Id"], r["Name"], r["State"], r["HasMoreData"]) for r in rows] == [("3", "Job3", "Completed", "False")], \
        result.describe()
