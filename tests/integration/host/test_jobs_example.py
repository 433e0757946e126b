"""examples/jobs.ps1, run as a user runs it: a real pshell process, with its background job
workers, against a real session host in a private state directory."""

from __future__ import annotations

import re
import subprocess
import sys

import psutil
from host_helpers import REPO, HostEnv

EXAMPLE = REPO / "examples" / "jobs.ps1"


def sections(text: str) -> dict[str, str]:
    """The output under each `== Step ==` heading."""
    parts = re.split(r"^== (.+) ==$", text, flags=re.M)
    return {title: body for title, body in zip(parts[1::2], parts[2::2])}


def job_row(id_: int | None, name: str, type_name: str, state: str, more_data: bool) -> re.Pattern[str]:
    """A row of the Job table (Id Name PSJobTypeName State HasMoreData Location Command)."""
    number = r"\d+" if id_ is None else str(id_)
    return re.compile(rf"^{number} +{name} +{type_name} +{state} +{more_data} +localhost +\S", re.M)


def session_row(name: str, state: str, availability: str) -> re.Pattern[str]:
    return re.compile(rf"^ +\d+ {name} +localhost +{state} +Microsoft\.PowerShell +{availability}$", re.M)


def workers_of(root: str) -> list[psutil.Process]:
    """Background job workers still alive that were started under this state directory."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        try:
            if "pshell.jobs.worker" in (process.info["cmdline"] or []) and \
                    process.environ().get("PSHELL_STATE_DIR") == root:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def test_jobs_example_runs_start_to_finish(host: HostEnv) -> None:
    done = subprocess.run([sys.executable, "-m", "pshell", str(EXAMPLE)], env=host.env, cwd=str(REPO),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    steps = sections(done.stdout)
    assert list(steps) == [
        "Start-Job", "Invoke-Command -AsJob", "Get-Job", "Wait-Job", "Receive-Job -Keep", "Disconnect-PSSession",
        "Wait-Job on a Disconnected job", "Connect-PSSession", "Receive-PSSession -OutTarget Job", "Stop-Job",
        "Remove-Job -Force",
    ]
    header = re.compile(r"^Id +Name +PSJobTypeName +State +HasMoreData +Location +Command$", re.M)

    # A background job comes back at once, and the shell goes on while it computes.
    start = steps["Start-Job"]
    assert header.search(start), start
    assert job_row(1, "Sum", "BackgroundJob", "Running", False).search(start), start
    counted = re.search(r"^Meanwhile this shell counted to (\d+) in one second", start, re.M)
    assert counted and int(counted.group(1)) > 0, start

    # A remote job: the parent takes the next Id after the background job's child.
    assert job_row(3, "Ticks", "RemoteJob", "Running", False).search(steps["Invoke-Command -AsJob"])

    listing = steps["Get-Job"]
    assert job_row(1, "Sum", "BackgroundJob", r"\w+", r"\w+").search(listing), listing
    assert job_row(3, "Ticks", "RemoteJob", r"\w+", r"\w+").search(listing), listing
    children = re.findall(r"^ +(\d) (\w+) +(\w*) +\w+ +localhost$", listing, re.M)
    assert [(i, n) for i, n, _ in children] == [("1", "Sum"), ("2", "Job2"), ("3", "Ticks"), ("4", "Job4")], listing
    assert [t for _, _, t in children] == ["BackgroundJob", "", "RemoteJob", ""], listing

    assert job_row(1, "Sum", "BackgroundJob", "Completed", True).search(steps["Wait-Job"]), steps["Wait-Job"]

    keep = steps["Receive-Job -Keep"]
    assert keep.count("The sum of 1..300000 is 45000150000.") == 2, keep
    assert "HasMoreData: True" in keep
    assert "HasMoreData after a Receive-Job without -Keep: False" in keep

    disconnect = steps["Disconnect-PSSession"]
    assert session_row("JobDemo", "Disconnected", "None").search(disconnect), disconnect
    assert job_row(3, "Ticks", "RemoteJob", "Disconnected", True).search(disconnect), disconnect

    waiting = steps["Wait-Job on a Disconnected job"]
    assert "WARNING: The job Ticks (Id 3) is Disconnected: it cannot finish until its session is connected " \
           "again, so Wait-Job returns it now. Use the Force parameter to wait until it finishes." in waiting
    assert job_row(3, "Ticks", "RemoteJob", "Disconnected", True).search(waiting), waiting
    assert "Wait-Job -Force -Timeout 1 wrote 0 jobs" in waiting

    # Reconnected: the job follows the command again and collects every tick, none twice.
    connect = steps["Connect-PSSession"]
    assert session_row("JobDemo", "Opened", "Busy").search(connect), connect
    assert job_row(3, "Ticks", "RemoteJob", "Running", r"\w+").search(connect), connect
    assert re.findall(r"^tick (\d+)$", connect, re.M) == [str(i) for i in range(1, 11)], connect
    assert "Ticks is Completed; HasMoreData: False" in connect

    # The document's sequence: a disconnected command received as a job, then Receive-Job -Keep.
    out_target = steps["Receive-PSSession -OutTarget Job"]
    assert session_row("Session3", "Disconnected", "None").search(out_target), out_target
    assert job_row(None, r"Job\d+", "RemoteJob", "Running", True).search(out_target), out_target
    assert re.search(r"^Step Message +PSComputerName$", out_target, re.M), out_target
    kept = re.findall(r"^ +(\d) event \1 localhost$", out_target, re.M)
    assert kept and kept == [str(i) for i in range(1, len(kept) + 1)], out_target
    assert "Receive-Job returns everything, since -Keep left it: 1, 2, 3, 4, 5." in out_target

    stop = steps["Stop-Job"]
    assert job_row(None, "Sleeper", "BackgroundJob", "Stopped", False).search(stop), stop
    assert "never written" not in done.stdout

    remove = steps["Remove-Job -Force"]
    assert re.search(r"^Remove-Job refused: The command cannot remove the job with the job ID \d+ because the job "
                     r"is not finished\. To remove the job, first stop the job, or use the Force parameter\.$",
                     remove, re.M), remove
    assert remove.rstrip().endswith("Jobs left: 0. Demo sessions left on localhost: 0.")

    # Nothing is left behind: no sessions in the host, no background job processes.
    assert host.connect().list_sessions() == []
    assert workers_of(host.root) == []
