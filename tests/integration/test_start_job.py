"""Start-Job: background jobs in a separate process, through real `python -m pshell` runs.

Each test runs a real client (`python -m pshell -NoProfile -c ...`) with a private state
directory; the scripts look at the job objects directly (their State, child job, Output and
Error lists, StopJob()) and every wait is a poll with a deadline (`Wait-Until` below), never
a fixed sleep. The worker process (`python -m pshell.jobs.worker`) is also driven directly:
its records are JSON lines, the end record comes last, SIGTERM stops it.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RUN_TIMEOUT = 120.0  # seconds a whole client run may take (slow, shared 2-core machine)
WAIT_SECONDS = 60  # how long a script polls for a job before giving up

PRELUDE = f"""
function Wait-Until([scriptblock]$Condition, [int]$Seconds = {WAIT_SECONDS}) {{
    $watch = [Diagnostics.Stopwatch]::StartNew()
    while (-not (& $Condition)) {{
        if ($watch.Elapsed.TotalSeconds -gt $Seconds) {{ throw "Wait-Until timed out: $Condition" }}
        Start-Sleep -Milliseconds 50
    }}
}}
function Wait-Finished($Job) {{ Wait-Until {{ $Job.State -in 'Completed', 'Failed', 'Stopped' }} }}
"""


@pytest.fixture
def env() -> Iterator[dict[str, str]]:
    root = tempfile.mkdtemp(prefix="psj-", dir="/tmp")
    environment = dict(os.environ, PSHELL_STATE_DIR=root, PYTHONUNBUFFERED="1", COLUMNS="120", TERM="dumb",
                       NO_COLOR="1")
    environment["PYTHONPATH"] = str(REPO) + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH")
                                             else "")
    try:
        yield environment
    finally:
        shutil.rmtree(root, ignore_errors=True)


def pshell(script: str, env: dict[str, str], cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c", PRELUDE + script], env=env,
                            cwd=cwd or str(REPO), capture_output=True, text=True, timeout=RUN_TIMEOUT,
                            stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def values(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """The `key=value` lines a script printed."""
    out: dict[str, str] = {}
    for line in result.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() and " " not in key.strip():
            out[key.strip()] = value.strip()
    return out


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is not running
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


# ------------------------------------------------------------------ the job object
def test_job_object_properties(env: dict[str, str]) -> None:
    result = pshell("""
$j = Start-Job { 'hello' }
"type=$($j.PSJobTypeName)"
"name=$($j.Name)"
"id=$($j.Id)"
"location=$($j.Location)"
"command=[$($j.Command)]"
"children=$($j.ChildJobs.Count)"
$c = $j.ChildJobs[0]
"childid=$($c.Id)"
"childname=$($c.Name)"
"childtype=[$($c.PSJobTypeName)]"
"childlocation=$($c.Location)"
"childcommand=[$($c.Command)]"
"started=$($j.State -in 'Running', 'Completed')"
Wait-Finished $j
"state=$($j.State)"
"childstate=$($c.State)"
"output=$($c.Output -join ',')"
"parentoutput=$($j.Output -join ',')"
"hasmoredata=$($j.HasMoreData)"
"ended=$($null -ne $j.PSEndTime -and $null -ne $j.PSBeginTime)"
$k = Start-Job -Name Nightly -ScriptBlock { 2 }
"name2=$($k.Name)"
"id2=$($k.Id)"
"childid2=$($k.ChildJobs[0].Id)"
$m = Start-Job -Command { 3 }
"name3=$($m.Name)"
Wait-Finished $k
Wait-Finished $m
"jobtostring=$($j.ToString())"
""", env)
    v = values(result)
    assert result.returncode == 0, result.stderr
    assert v["type"] == "BackgroundJob"
    assert v["name"] == "Job1"
    assert v["id"] == "1"
    assert v["location"] == "localhost"
    assert v["command"] == "[ 'hello' ]"
    assert v["children"] == "1"
    assert v["childid"] == "2"
    assert v["childname"] == "Job2"
    assert v["childtype"] == "[]"
    assert v["childlocation"] == "localhost"
    assert v["childcommand"] == "[ 'hello' ]"
    assert v["started"] == "True"
    assert v["state"] == "Completed"
    assert v["childstate"] == "Completed"
    assert v["output"] == "hello"
    assert v["parentoutput"] == "hello"
    assert v["hasmoredata"] == "True"
    assert v["ended"] == "True"
    assert v["name2"] == "Nightly"
    assert (v["id2"], v["childid2"]) == ("3", "4")
    assert v["name3"] == "Job5"
    assert v["jobtostring"] == "System.Management.Automation.PSRemotingJob"


def test_start_job_shows_the_job_table(env: dict[str, str]) -> None:
    result = pshell("$j = Start-Job { 1 }; Wait-Finished $j; $j", env)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    header = next(line for line in lines if line.lstrip().startswith("Id"))
    for column in ("Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command"):
        assert column in header
    row = next(line for line in lines if "Job1" in line)
    assert "BackgroundJob" in row and "Completed" in row and "localhost" in row


# ------------------------------------------------------------------ a separate process
def test_job_runs_in_another_process(env: dict[str, str]) -> None:
    result = pshell("""
$j = Start-Job { $PID }
Wait-Finished $j
"state=$($j.State)"
"inside=$($j.ChildJobs[0].Output[0])"
"outside=$PID"
""", env)
    v = values(result)
    assert v["state"] == "Completed", result.stderr
    assert int(v["inside"]) > 0
    assert v["inside"] != v["outside"]


def test_shell_stays_responsive_while_a_cpu_bound_job_runs(env: dict[str, str]) -> None:
    result = pshell("""
$j = Start-Job { $PID; while ($true) { $i++ } }
Wait-Until { $j.ChildJobs[0].Output.Count -gt 0 }
$worker = $j.ChildJobs[0].Output[0]
"worker=$worker"
"before=$($j.State)"
$watch = [Diagnostics.Stopwatch]::StartNew()
$sum = 0
foreach ($n in 1..2000) { $sum += $n }
"elapsed=$($watch.ElapsedMilliseconds)"
"sum=$sum"
"during=$($j.State)"
Start-Sleep -Milliseconds 300
"still=$($j.State)"
$watch = [Diagnostics.Stopwatch]::StartNew()
$j.StopJob()
"stoptook=$($watch.ElapsedMilliseconds)"
"after=$($j.State)"
"childafter=$($j.ChildJobs[0].State)"
"workergone=$($null -eq (Get-Process -Id $worker -ErrorAction SilentlyContinue))"
""", env)
    v = values(result)
    assert result.returncode == 0, result.stderr
    assert v["before"] == "Running"
    assert v["sum"] == "2001000"
    assert int(v["elapsed"]) < 10_000  # a quick command stays quick (the job is not in this process)
    assert v["during"] == "Running"
    assert v["still"] == "Running"
    assert int(v["stoptook"]) < 15_000
    assert v["after"] == "Stopped"
    assert v["childafter"] == "Stopped"
    assert v["workergone"] == "True"
    assert not alive(int(v["worker"]))


def test_stopping_a_job_ends_its_native_programs(env: dict[str, str]) -> None:
    result = pshell("""
$j = Start-Job { sh -c 'echo $$; exec sleep 300' }
Wait-Until { $j.ChildJobs[0].Output.Count -gt 0 }
"native=$($j.ChildJobs[0].Output[0])"
$j.ChildJobs[0].StopJob()
"state=$($j.State)"
""", env)
    v = values(result)
    assert v["state"] == "Stopped", result.stderr
    native = int(v["native"])
    deadline = time.monotonic() + 10
    while alive(native) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(native)


def test_jobs_end_with_the_shell(env: dict[str, str]) -> None:
    result = pshell("""
$j = Start-Job { $PID; sh -c 'echo $$; exec sleep 300' }
Wait-Until { $j.ChildJobs[0].Output.Count -gt 1 }
"worker=$($j.ChildJobs[0].Output[0])"
"native=$($j.ChildJobs[0].Output[1])"
""", env)
    v = values(result)
    assert result.returncode == 0, result.stderr
    pids = [int(v["worker"]), int(v["native"])]
    deadline = time.monotonic() + 15
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(p) for p in pids)


# ------------------------------------------------------------------ what reaches the job
def test_arguments_using_values_and_location_reach_the_job(env: dict[str, str], tmp_path: Path) -> None:
    here = tmp_path / "here"
    there = tmp_path / "there"
    here.mkdir()
    there.mkdir()
    result = pshell(f"""
Set-Location '{here}'
$greeting = 'hello'
$table = @{{ Count = 3 }}
$j = Start-Job {{ param($a, $b) "args=$a|$b|$($args.Count)"; "using=$using:greeting|$(($using:table).Count)"; "where=$((Get-Location).Path)" }} -ArgumentList 1, 'two'
$k = Start-Job {{ "args=$($args -join ',')"; "where=$((Get-Location).Path)" }} -Args x, y -WorkingDirectory '{there}'
Wait-Finished $j
Wait-Finished $k
"j:" + ($j.ChildJobs[0].Output -join ';')
"k:" + ($k.ChildJobs[0].Output -join ';')
""", env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    j = next(line for line in lines if line.startswith("j:"))[2:].split(";")
    k = next(line for line in lines if line.startswith("k:"))[2:].split(";")
    assert j == ["args=1|two|0", "using=hello|3", f"where={here}"]
    assert k == ["args=x,y", f"where={there}"]


def test_pipeline_input_and_input_object_become_input(env: dict[str, str]) -> None:
    result = pshell("""
$j = 1, 2, 3 | Start-Job { $input | ForEach-Object { $_ * 10 } }
$k = Start-Job -InputObject 'one' { foreach ($x in $input) { "got $x" } }
$n = Start-Job { "count=$(@($input).Count)" }
Wait-Finished $j
Wait-Finished $k
Wait-Finished $n
"j=$($j.ChildJobs[0].Output -join ',')"
"k=$($k.ChildJobs[0].Output -join ',')"
"n=$($n.ChildJobs[0].Output -join ',')"
"jobs=$(@($j).Count)"
""", env)
    v = values(result)
    assert result.returncode == 0, result.stderr
    assert v["j"] == "10,20,30"
    assert v["k"] == "got one"
    assert v["n"] == "count=0"
    assert v["jobs"] == "1"


def test_file_path_runs_a_local_script(env: dict[str, str], tmp_path: Path) -> None:
    script = tmp_path / "job.ps1"
    script.write_text("param($Name) \"Hello $Name\"\n(Get-Location).Path\n")
    result = pshell(f"""
Set-Location '{tmp_path}'
$j = Start-Job -FilePath ./job.ps1 -ArgumentList World
Wait-Finished $j
"state=$($j.State)"
"out=$($j.ChildJobs[0].Output -join ';')"
"command=$($j.Command.Trim())"
Start-Job -FilePath ./missing.ps1
"after=$?"
Start-Job {{ 1 }} -WorkingDirectory ./nowhere
"after2=$?"
""", env)
    v = values(result)
    assert v["state"] == "Completed", result.stderr
    assert v["out"] == f"Hello World;{tmp_path}"
    assert v["command"].startswith("param($Name)")
    assert v["after"] == "False"
    assert v["after2"] == "False"
    assert "missing.ps1" in result.stderr and "does not exist" in result.stderr
    assert "nowhere" in result.stderr


def test_objects_come_back_deserialized(env: dict[str, str]) -> None:
    result = pshell("""
$j = Start-Job { [pscustomobject]@{ Name = 'web01'; Port = 8080 } }
Wait-Finished $j
$o = $j.ChildJobs[0].Output[0]
"name=$($o.Name)"
"port=$($o.Port + 1)"
"type=$($o.PSObject.TypeNames[0])"
""", env)
    v = values(result)
    assert result.returncode == 0, result.stderr
    assert v["name"] == "web01"
    assert v["port"] == "8081"
    assert v["type"].startswith("Deserialized.")


# ------------------------------------------------------------------ errors
def test_errors_inside_the_job(env: dict[str, str]) -> None:
    result = pshell("""
$soft = Start-Job { Write-Error 'soft failure'; Write-Warning 'careful'; 'after' }
$hard = Start-Job { 'before'; throw 'hard failure'; 'never' }
Wait-Finished $soft
Wait-Finished $hard
"softstate=$($soft.State)"
"softerror=$($soft.ChildJobs[0].Error[0].Exception.Message)"
"softwarning=$($soft.ChildJobs[0].Warning -join ',')"
"softoutput=$($soft.ChildJobs[0].Output -join ',')"
"softreason=$($null -eq $soft.JobStateInfo.Reason)"
"hardstate=$($hard.State)"
"hardchild=$($hard.ChildJobs[0].State)"
"hardoutput=$($hard.ChildJobs[0].Output -join ',')"
"harderror=$($hard.ChildJobs[0].Error[0].Exception.Message)"
"hardreason=$($hard.JobStateInfo.Reason.Exception.Message)"
"hardchildreason=$($hard.ChildJobs[0].JobStateInfo.Reason.Exception.Message)"
""", env)
    v = values(result)
    assert result.returncode == 0, result.stderr
    assert v["softstate"] == "Completed"
    assert v["softerror"] == "soft failure"
    assert v["softwarning"] == "careful"
    assert v["softoutput"] == "after"
    assert v["softreason"] == "True"
    assert v["hardstate"] == "Failed"
    assert v["hardchild"] == "Failed"
    assert v["hardoutput"] == "before"
    assert v["harderror"] == "hard failure"
    assert v["hardreason"] == "hard failure"
    assert v["hardchildreason"] == "hard failure"


def test_a_job_whose_process_dies_fails_with_a_reason(env: dict[str, str]) -> None:
    result = pshell("""
$j = Start-Job { $PID; Start-Sleep 300 }
Wait-Until { $j.ChildJobs[0].Output.Count -gt 0 }
/bin/kill -9 $j.ChildJobs[0].Output[0]
Wait-Finished $j
"state=$($j.State)"
"reason=$($j.JobStateInfo.Reason.Exception.Message)"
"errors=$($j.ChildJobs[0].Error.Count)"
""", env)
    v = values(result)
    assert result.returncode == 0, result.stderr
    assert v["state"] == "Failed"
    assert "ended before the job finished" in v["reason"] and "SIGKILL" in v["reason"]
    assert v["errors"] == "1"


# ------------------------------------------------------------------ the worker process itself
def worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "pshell.jobs.worker"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(REPO),
                            start_new_session=True)


def records(stdout: bytes) -> list[dict]:
    lines = stdout.decode("utf-8").splitlines()
    parsed = [json.loads(line) for line in lines]  # every line is a record
    assert parsed and parsed[-1]["s"] == "end"
    assert [r["s"] for r in parsed].count("end") == 1
    return parsed


def test_worker_writes_records_and_one_end(env: dict[str, str], tmp_path: Path) -> None:
    request = {"script": "param($a) \"$a $using:x\"; Write-Warning w; Write-Error e; sh -c 'echo native'; "
                         "Write-Host host; (Get-Location).Path; $input",
               "arguments": ["A"], "using": {"x": 5}, "location": str(tmp_path), "input": [7]}
    proc = worker(env)
    out, err = proc.communicate((json.dumps(request) + "\n").encode(), timeout=RUN_TIMEOUT)
    assert proc.returncode == 0, err
    got = records(out)
    outputs = [r["v"] for r in got if r["s"] == "output"]
    assert outputs == ["A 5", "native", str(tmp_path), 7]
    assert [r["v"] for r in got if r["s"] == "warning"] == ["w"]
    assert [r["v"]["message"] for r in got if r["s"] == "error"] == ["e"]
    assert any(r["s"] == "host" and "host" in r["v"] for r in got)
    assert got[-1] == {"s": "end", "state": "Completed", "error": None}


def test_worker_reports_a_bad_request_as_a_failure(env: dict[str, str]) -> None:
    proc = worker(env)
    out, err = proc.communicate(b"this is not json\n", timeout=RUN_TIMEOUT)
    assert proc.returncode == 0
    got = records(out)
    assert got[-1]["state"] == "Failed"
    assert got[-1]["error"]["error_id"] == "InternalError"
    assert b"Traceback" not in out


def test_worker_reports_a_parse_error_as_a_failure(env: dict[str, str]) -> None:
    proc = worker(env)
    out, err = proc.communicate(json.dumps({"script": "1 +"}).encode() + b"\n", timeout=RUN_TIMEOUT)
    assert proc.returncode == 0
    got = records(out)
    assert got[-1]["state"] == "Failed"
    assert any(r["s"] == "error" for r in got)


def test_worker_stops_on_sigterm(env: dict[str, str]) -> None:
    proc = worker(env)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps({"script": "'started'; while ($true) { $i++ }"}).encode() + b"\n")
    proc.stdin.close()
    fd = proc.stdout.fileno()

    def read(until: bytes | None) -> bytes:
        """What the worker writes, up to a line `until` contains (None: up to the end)."""
        data = b""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and (until is None or until not in data):
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                data += chunk
        return data

    try:
        started = read(b"\n")
        assert json.loads(started.split(b"\n")[0]) == {"s": "output", "v": "started"}
        os.killpg(proc.pid, signal.SIGTERM)
        rest = read(None)
        code = proc.wait(30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    assert code == 0
    got = records(started + rest)
    assert got[-1] == {"s": "end", "state": "Stopped", "error": None}
