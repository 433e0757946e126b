"""Start-Job: a background job runs in a separate process, so the shell stays responsive while
a CPU-bound job runs; Stop-Job ends that process; a short job's output comes back through
Wait-Job and Receive-Job."""

from __future__ import annotations

import re

from client_helpers import Clients, clients  # noqa: F401 - the fixture
from host_helpers import pid_gone, wait_for
from job_helpers import job_rows, PRELUDE


def test_shell_stays_responsive_while_a_cpu_bound_job_runs(clients: Clients) -> None:
    result = clients.ok(PRELUDE + """
$j = Start-Job { $PID; while ($true) {} }
Wait-Until { $j.ChildJobs[0].Output.Count -ge 1 }
$jobPid = $j.ChildJobs[0].Output[0]
"job-pid=$jobPid other-process=$($jobPid -ne $PID)"
$watch = [Diagnostics.Stopwatch]::StartNew()
$sum = (1..5000 | ForEach-Object { $_ * 2 } | Measure-Object -Sum).Sum
"quick=$sum fast=$($watch.Elapsed.TotalSeconds -lt 20) state=$($j.State)"
Stop-Job $j
"stopped=$($j.State)"
'#short'
Start-Job { 1..3 } | Wait-Job | Receive-Job
'#table'
Get-Job
""")
    lines = result.lines
    match = re.fullmatch(r"job-pid=(\d+) other-process=True", lines[0])
    assert match, result.describe()
    # the shell computes while the job spins on another core (or shares one): it is not held up
    assert lines[1:lines.index("#short")] == ["quick=25005000 fast=True state=Running", "stopped=Stopped"], \
        result.describe()
    wait_for(lambda: pid_gone(int(match.group(1))), what="the stopped job's process to end")
    assert lines[lines.index("#short") + 1:lines.index("#table")] == ["1", "2", "3"], result.describe()
    rows = job_rows("\n".join(lines[lines.index("#table"):]))
    assert [(r["Id"], r["Name"], r["PSJobTypeName"], r["State"], r["HasMoreData"], r["Location"], r["Command"])
            for r in rows] == [("1", "Job1", "BackgroundJob", "Stopped", "True", "localhost",  # $PID not received
                                "$PID; while ($true) {}"),
                               ("3", "Job3", "BackgroundJob", "Completed", "False", "localhost", "1..3")], \
        result.describe()
