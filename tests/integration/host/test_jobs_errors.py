"""Errors inside a remote job's command: a non-terminating error comes back through Receive-Job
(on the error stream) and the job completes; a terminating one (`throw`) makes the job Failed,
with the error as JobStateInfo.Reason, and Receive-Job shows it."""

from __future__ import annotations

from client_helpers import Clients, clients, one_line  # noqa: F401 - the fixture


def test_write_error_in_a_job_is_received_and_the_job_completes(clients: Clients) -> None:
    result = clients.run("""
$s = New-PSSession -ComputerName localhost
$j = Invoke-Command -Session $s -ScriptBlock { 'before'; Write-Error 'soft problem'; 'after' } -AsJob
$j | Wait-Job | Out-Null
"state=$($j.State) errors=$($j.ChildJobs[0].Error.Count) reason=$($null -eq $j.JobStateInfo.Reason)"
'#received'
Receive-Job $j
'#end'
"last-error=$($Error[0])"
""")
    assert result.code == 0, result.describe()
    assert result.lines == ["state=Completed errors=1 reason=True", "#received", "before", "after", "#end",
                            "last-error=soft problem"], result.describe()
    err = one_line(result.err)
    assert "soft problem" in err and err.count("soft problem") == 1, result.describe()  # on stderr, once


def test_throw_in_a_job_makes_it_failed_with_the_reason(clients: Clients) -> None:
    result = clients.run("""
$s = New-PSSession -ComputerName localhost
$j = Invoke-Command -Session $s -ScriptBlock { 'before'; throw 'hard problem'; 'after' } -AsJob
$j | Wait-Job | Out-Null
"state=$($j.State) child=$($j.ChildJobs[0].State) reason=$($j.JobStateInfo.Reason.Exception.Message)"
'#table'
Get-Job | Format-Table Id, Name, State, HasMoreData
'#received'
Receive-Job $j
'#end'
"last-error=$($Error[0]) session=$($s.State)/$($s.Availability)"
""")
    assert result.code == 0, result.describe()
    lines = result.lines
    assert lines[0] == "state=Failed child=Failed reason=hard problem", result.describe()
    table = [line.split() for line in lines[lines.index("#table") + 1:lines.index("#received")] if line.strip()]
    assert table[-1] == ["1", "Job1", "Failed", "True"], result.describe()
    assert lines[lines.index("#received"):] == ["#received", "before", "#end",
                                               "last-error=hard problem session=Opened/Available"], result.describe()
    err = one_line(result.err)
    assert "hard problem" in err and err.count("hard problem") == 1, result.describe()  # Receive-Job wrote it


def test_receiving_a_failed_job_exits_with_failure(clients: Clients) -> None:
    result = clients.run("""
$j = Invoke-Command -ComputerName localhost -ScriptBlock { throw 'the end' } -AsJob
$j | Wait-Job | Out-Null
Receive-Job $j
""")
    assert result.code == 1 and result.out.strip() == "", result.describe()
    assert "the end" in one_line(result.err), result.describe()
