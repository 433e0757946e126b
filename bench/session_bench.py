"""Benchmarks of the session host: command round trip, memory per session, listing sessions.

    python bench/session_bench.py          # prints each measurement next to its target

Starts its own session host in a private temporary state directory (short, under /tmp:
a Unix socket path is limited to 107 bytes), measures, and always stops that host and
removes the directory at the end. The account's own session host is never touched.

Environment:
    BENCH_RUNS=N        timed round trips per latency measurement (default 200)
    BENCH_SESSIONS=N    sessions for the memory and listing measurements (default 1000;
                        above 1000 the Microsoft.PowerShell configuration's max_sessions is
                        raised first, which needs root)
    BENCH_LIST_RUNS=N   timed runs of each listing measurement (default 10)
    BENCH_WARMUP=N      untimed round trips before each latency measurement (default 20)

Measurements (see bench/README.md for what each number means):
  1. round trip of `Invoke-Command -Session $s { 1 }`: in a real client process
     (`python -m pshell -c`, timed with [System.Diagnostics.Stopwatch]), in-process through
     pshell.shell.Shell, and the raw protocol (HostConnection.invoke + the end record);
  2. daemon memory (RSS and USS, psutil) per disconnected session, idle and after one command;
  3. `Get-PSSession -ComputerName localhost` with BENCH_SESSIONS sessions present, from a shell
     that holds none of them and from the shell that made them all, and the raw list_sessions op.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUNS = max(1, int(os.environ.get("BENCH_RUNS", "200")))
SESSIONS = max(1, int(os.environ.get("BENCH_SESSIONS", "1000")))
LIST_RUNS = max(1, int(os.environ.get("BENCH_LIST_RUNS", "10")))
WARMUP = max(1, int(os.environ.get("BENCH_WARMUP", "20")))

ROUND_TRIP_TARGET_MS = 2.0
SESSION_MEMORY_TARGET_KB = 64.0
LIST_TARGET_MS = 200.0

COMMAND = "Invoke-Command -Session $s { 1 }"


# ---------------------------------------------------------------- reporting
def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return ""
    return "met" if value < target else "MISSED"


def row(label: str, value: str, target: str = "", result: str = "", note: str = "") -> None:
    print(f"  {label:62} {value:>22}  {target:>10}  {result:6}  {note}".rstrip())


def timing_row(label: str, seconds: list[float], target_ms: float | None = None, note: str = "") -> float:
    median = statistics.median(seconds) * 1000
    p90 = percentile(seconds, 90) * 1000
    target = f"< {target_ms:g} ms" if target_ms is not None else ""
    row(label, f"{median:7.2f} / {p90:7.2f} ms", target, verdict(median, target_ms), note)
    return median


class CpuMeter:
    """CPU time (user + system) of this process and of the session host over a measurement."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.host = psutil.Process(pid)

    def __enter__(self) -> Self:
        self._client = time.process_time()
        times = self.host.cpu_times()
        self._host = times.user + times.system
        return self

    def __exit__(self, *exc: object) -> None:
        times = self.host.cpu_times()
        self.client = time.process_time() - self._client
        self.host_cpu = times.user + times.system - self._host

    def per(self, count: int) -> str:
        return f"CPU per run: client {self.client / count * 1000:.2f} ms, host {self.host_cpu / count * 1000:.2f} ms"


def section(title: str, column: str = "median / p90") -> None:
    print(f"\n{title}")
    print(f"  {'measurement':62} {column:>22}  {'target':>10}  {'result':6}")


def timed(fn: Callable[[], object], runs: int, warmup: int = 0) -> list[float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


# ---------------------------------------------------------------- the daemon
def start_host(state_dir: str):
    from pshell.remoting.connection import HostConnection

    return HostConnection.open(state_dir)


def stop_host(state_dir: str, pid: int | None) -> None:
    env = dict(os.environ, PSHELL_STATE_DIR=state_dir, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "pshell", "host", "--stop"], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=120, check=False)
    if pid:
        import psutil

        try:  # --stop waits for the pid lock; make sure the process is gone too
            psutil.Process(pid).wait(10)
        except psutil.NoSuchProcess:
            pass
        except psutil.TimeoutExpired:
            os.kill(pid, 15)


def memory(pid: int) -> tuple[int, int, int]:
    """(RSS, USS, threads) of the daemon, after letting it settle."""
    import psutil

    process = psutil.Process(pid)
    time.sleep(1.0)  # sender threads poll every 0.5 s before they notice they are done
    info = process.memory_full_info()
    return info.rss, info.uss, process.num_threads()


# ---------------------------------------------------------------- 1. round trip
def drain(conn, instance_id: str, command: int) -> list:
    return list(conn.output(instance_id).until_end(command, timeout=30))


def raw_round_trip(conn) -> tuple[list[float], CpuMeter]:
    instance_id = conn.new_session("bench-raw")["instance_id"]
    try:
        def once() -> None:
            records = drain(conn, instance_id, conn.invoke(instance_id, "1"))
            assert [r.value for r in records if r.stream == "output"] == [1], records
        timed(once, 0, WARMUP)
        with CpuMeter(conn.server_pid) as cpu:
            times = timed(once, RUNS)
        return times, cpu
    finally:
        conn.remove(instance_id)


def new_shell():
    from pshell.console import ConsoleHost
    from pshell.shell import Shell

    out, err = io.StringIO(), io.StringIO()
    return Shell(ConsoleHost(out, err)), out, err


def in_process_round_trip(pid: int) -> dict[str, tuple[list[float], CpuMeter]]:
    shell, out, err = new_shell()
    results = {}
    try:
        assert shell.execute("$s = New-PSSession -ComputerName localhost"), err.getvalue()
        for label, text in (("shown", COMMAND), ("assigned", f"$r = {COMMAND}")):
            out.truncate(0)
            out.seek(0)
            timed(lambda text=text: shell.execute(text), 0, WARMUP)
            with CpuMeter(pid) as cpu:
                results[label] = (timed(lambda text=text: shell.execute(text), RUNS), cpu)
            if label == "shown":
                assert out.getvalue().split() == ["1"] * (RUNS + WARMUP), out.getvalue()[:200]
        assert not err.getvalue(), err.getvalue()
        shell.execute("Remove-PSSession $s")
    finally:
        shell.close()
    return results


CLIENT_SCRIPT = """
$s = New-PSSession -ComputerName localhost
foreach ($i in 1..%(warmup)d) { $r = Invoke-Command -Session $s { 1 } }
$sw = [System.Diagnostics.Stopwatch]::new()
$times = foreach ($i in 1..%(runs)d) {
    $sw.Restart()
    $r = Invoke-Command -Session $s { 1 }
    $sw.Stop()
    $sw.ElapsedTicks
}
Remove-PSSession $s
"ticks/s $([System.Diagnostics.Stopwatch]::Frequency)"
$times
"""


def client_process_round_trip(state_dir: str) -> list[float]:
    env = dict(os.environ, PSHELL_STATE_DIR=state_dir, PYTHONPATH=str(ROOT))
    script = CLIENT_SCRIPT % {"warmup": max(1, WARMUP), "runs": RUNS}
    done = subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c", script], env=env, text=True,
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=600, check=False)
    if done.returncode != 0 or done.stderr.strip():
        raise RuntimeError(f"pshell -c failed ({done.returncode}): {done.stderr.strip()[:500]}")
    lines = done.stdout.split()
    frequency = float(lines[lines.index("ticks/s") + 1])
    ticks = [float(x) for x in lines[lines.index("ticks/s") + 2:]]
    assert len(ticks) == RUNS, done.stdout[:500]
    return [t / frequency for t in ticks]


# ---------------------------------------------------------------- 2. and 3. many sessions
def make_sessions(conn, count: int) -> list[str]:
    ids = []
    for i in range(count):
        instance_id = conn.new_session(f"bench{i}")["instance_id"]
        conn.disconnect_session(instance_id)
        ids.append(instance_id)
    return ids


def run_one_command_in_each(conn, ids: list[str]) -> None:
    for instance_id in ids:
        conn.connect_session(instance_id)
        drain(conn, instance_id, conn.invoke(instance_id, "1"))
        conn.disconnect_session(instance_id)
        conn.forget_output(instance_id)


def listing(conn, count: int, what: str, holder=None) -> None:
    """Time the list_sessions op and Get-PSSession -ComputerName localhost, from a fresh shell
    (it holds none of the sessions) and, if given, from `holder` (a shell that holds them all)."""
    raw = timed(conn.list_sessions, LIST_RUNS, 1)
    assert len(conn.list_sessions()) == count
    timing_row(f"list_sessions op (HostConnection), {count} {what} sessions", raw)
    fresh = new_shell()
    shells = [("fresh shell", fresh)] + ([("holder shell", holder)] if holder else [])
    try:
        for where, (shell, out, err) in shells:
            assert shell.execute("$r = Get-PSSession -ComputerName localhost"), err.getvalue()  # connects: not timed
            assigned = timed(lambda shell=shell: shell.execute("$r = Get-PSSession -ComputerName localhost"),
                             LIST_RUNS)
            out.truncate(0)
            out.seek(0)
            shell.execute("$r.Count")
            assert out.getvalue().strip() == str(count), out.getvalue()
            assert not err.getvalue(), err.getvalue()
            timing_row(f"$r = Get-PSSession -ComputerName localhost ({where})", assigned, LIST_TARGET_MS)
        shell, out, err = fresh
        shown = timed(lambda: shell.execute("Get-PSSession -ComputerName localhost"), LIST_RUNS)
        assert not err.getvalue(), err.getvalue()
        timing_row("Get-PSSession -ComputerName localhost, table shown (fresh)", shown)
    finally:
        fresh[0].close()


def sessions_made_by_a_shell(count: int):
    """A shell that makes `count` sessions with New-PSSession and disconnects them (it keeps holding them)."""
    holder = new_shell()
    shell, _out, err = holder
    started = time.perf_counter()
    ok = shell.execute(f"$all = foreach ($i in 1..{count}) {{ New-PSSession -ComputerName localhost }}")
    made = time.perf_counter() - started
    assert ok and not err.getvalue(), err.getvalue()
    assert shell.execute("$all | Disconnect-PSSession | Out-Null") and not err.getvalue(), err.getvalue()
    return holder, made


def per_session_row(label: str, before: tuple[int, int, int], after: tuple[int, int, int], count: int) -> float:
    rss = (after[0] - before[0]) / count / 1024
    uss = (after[1] - before[1]) / count / 1024
    row(label, f"RSS {rss:7.1f} / USS {uss:7.1f} KB", f"< {SESSION_MEMORY_TARGET_KB:g} KB",
        verdict(rss, SESSION_MEMORY_TARGET_KB))
    return rss


def main() -> None:
    state_dir = tempfile.mkdtemp(prefix="psb", dir="/tmp")
    os.environ["PSHELL_STATE_DIR"] = state_dir  # the in-process clients find this host
    os.environ.pop("PSHELL_HOST_DEBUG", None)
    pid = None
    conn = None
    try:
        from pshell import __version__

        conn = start_host(state_dir)
        pid = conn.server_pid
        print(f"session host pid {pid} (pshell {__version__}), state dir {state_dir}, "
              f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        print(f"BENCH_RUNS={RUNS} BENCH_SESSIONS={SESSIONS} BENCH_LIST_RUNS={LIST_RUNS} BENCH_WARMUP={WARMUP}; "
              f"load average {os.getloadavg()[0]:.2f} (other work on the machine makes the timings noisy)")

        section(f"1. round trip of {COMMAND} on localhost ({RUNS} runs after {WARMUP} warm-up)")
        timing_row("pshell -c client process, timed by [Diagnostics.Stopwatch]", client_process_round_trip(state_dir),
                   ROUND_TRIP_TARGET_MS)
        shell_times = in_process_round_trip(pid)
        for key, label in (("shown", "in-process Shell.execute (output shown: Out-Default)"),
                           ("assigned", "in-process Shell.execute ($r = ...)")):
            times, cpu = shell_times[key]
            timing_row(label, times, ROUND_TRIP_TARGET_MS, cpu.per(RUNS))
        times, cpu = raw_round_trip(conn)
        timing_row("raw protocol: HostConnection.invoke + end record", times, note=cpu.per(RUNS))

        if SESSIONS > 1000:
            conn.set_configuration("Microsoft.PowerShell", max_sessions=SESSIONS)
        section(f"2. session host memory per disconnected session ({SESSIONS} sessions)", "value")
        base = memory(pid)
        started = time.perf_counter()
        ids = make_sessions(conn, SESSIONS)
        made = time.perf_counter() - started
        idle = memory(pid)
        row("daemon before (engine loaded, no sessions)", f"RSS {base[0] / 2**20:6.1f} / USS {base[1] / 2**20:6.1f} MB")
        row(f"daemon with {SESSIONS} idle disconnected sessions",
            f"RSS {idle[0] / 2**20:6.1f} / USS {idle[1] / 2**20:6.1f} MB")
        per_session_row("per session: created + disconnected, no command", base, idle, SESSIONS)
        started = time.perf_counter()
        run_one_command_in_each(conn, ids)
        ran = time.perf_counter() - started
        used = memory(pid)
        row(f"daemon with {SESSIONS} disconnected sessions that ran `1`",
            f"RSS {used[0] / 2**20:6.1f} / USS {used[1] / 2**20:6.1f} MB")
        per_session_row("per session: created, ran one command, disconnected", base, used, SESSIONS)
        row("  of which the runspace (made by the first command)",
            f"RSS {(used[0] - idle[0]) / SESSIONS / 1024:7.1f} / USS {(used[1] - idle[1]) / SESSIONS / 1024:7.1f} KB")
        row("daemon threads: before / idle sessions / used sessions", f"{base[2]} / {idle[2]} / {used[2]}")
        row("time to create + disconnect one session (HostConnection)", f"{made / SESSIONS * 1000:7.2f} ms")
        row("time to connect, run `1`, disconnect (first command)", f"{ran / SESSIONS * 1000:7.2f} ms")

        section(f"3. listing {SESSIONS} sessions ({LIST_RUNS} runs, in-process; connection made before timing)")
        listing(conn, SESSIONS, "used")
        for instance_id in ids:
            conn.remove(instance_id)
        holder, made = sessions_made_by_a_shell(SESSIONS)
        try:
            listing(conn, SESSIONS, "idle", holder)
            row("time of one New-PSSession -ComputerName localhost (cmdlet)", f"{made / SESSIONS * 1000:7.2f} ms")
        finally:
            holder[0].close()
        print(f"\nload average at the end {os.getloadavg()[0]:.2f}; for scale: a tmux server holds an idle session in "
              "about 5 KB and lists 200 in about 13 ms")
    finally:
        if conn is not None:
            conn.close()
        stop_host(state_dir, pid)
        shutil.rmtree(state_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
