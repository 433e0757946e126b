"""Benchmarks of remoting over SSH, side by side with OpenSSH's own client on the same sshd.

    python bench/ssh_bench.py              # prints each pair of measurements and their ratio

Starts real OpenSSH servers on 127.0.0.1 with the SSH test lab (tests/integration/ssh/
ssh_helpers.py: one sshd per "computer", each with the `pshell` subsystem and a session host
state directory of its own), measures, and always stops every sshd, session host and ssh
master it started and removes the lab's directory at the end, also when a measurement fails.
The account's own session host and ~/.ssh are never touched: clients get the lab's ssh config
(PSHELL_SSH_CONFIG, ssh -F) and a private client-side state directory.

Every pshell number comes from a real client process (`python -m pshell -c`) that makes its
connections and warms up first, then times each command with [System.Diagnostics.Stopwatch]
(as bench/session_bench.py does on localhost); every ssh number is the wall time of `ssh`
processes run from here.

Environment:
    BENCH_RUNS=N           timed round trips of each kind (default 200)
    BENCH_WARMUP=N         untimed round trips first (default 20)
    BENCH_LINES=N          lines of 100 characters in the output measurement (default 500000)
    BENCH_STREAM_RUNS=N    timed runs of the output measurement (default 5)
    BENCH_COMPUTERS=N      computers in the many-computers measurement (default 20)
    BENCH_FANOUT_RUNS=N    timed runs of the many-computers measurement (default 5)

Measurements (see bench/README.md for what each number means):
  1. round trip of `Invoke-Command -Session $s { 1 }` against `ssh` running `true` through a
     warm ControlMaster (target: pshell at least 40x faster); for scale, the same ssh on a
     computer whose sshd sets SHLVL=1, so that the login shell (bash) does not read ~/.bashrc;
  2. bytes/s of a native program's text output (`base64 -w 100` of a file: lines of 100
     characters) received through a session and sent to Out-Null, against
     `ssh computer <program> > /dev/null` (target: at least 0.6x of OpenSSH);
  3. `Invoke-Command -ComputerName <BENCH_COMPUTERS computers> { 1 }` against as many `ssh`
     processes running `true`, all started at once (no ControlMaster).
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "integration" / "ssh"))

from ssh_helpers import SshLab  # found through the path above

RUNS = max(1, int(os.environ.get("BENCH_RUNS", "200")))
WARMUP = max(1, int(os.environ.get("BENCH_WARMUP", "20")))
LINES = max(1, int(os.environ.get("BENCH_LINES", "500000")))
STREAM_RUNS = max(1, int(os.environ.get("BENCH_STREAM_RUNS", "5")))
COMPUTERS = max(1, int(os.environ.get("BENCH_COMPUTERS", "20")))
FANOUT_RUNS = max(1, int(os.environ.get("BENCH_FANOUT_RUNS", "5")))

ROUND_TRIP_TARGET = 40.0  # pshell's round trip at least this many times faster than ssh's
THROUGHPUT_TARGET = 0.6  # pshell's bytes/s at least this share of ssh's

COMPUTER = "Server01"
# bash reads ~/.bashrc for a command from sshd only as a first-level shell: SetEnv SHLVL=1 on
# this computer's sshd shows what `ssh ... true` costs without the account's ~/.bashrc
NO_BASHRC = "NoBashrc"
LINE_LENGTH = 100  # characters of text per line, newline not counted
CLIENT_TIMEOUT = 1800  # seconds a client process may take


# ---------------------------------------------------------------- reporting
def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def section(title: str) -> None:
    print(f"\n{title}")
    print(f"  {'measurement':66} {'median / p90':>24}")


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:66} {value:>24}  {note}".rstrip())


def timing_row(label: str, seconds: list[float]) -> float:
    median = statistics.median(seconds)
    row(label, f"{median * 1000:8.2f} / {percentile(seconds, 90) * 1000:8.2f} ms")
    return median


def rate_row(label: str, size: int, seconds: list[float]) -> float:
    rate = size / statistics.median(seconds)
    slow = size / percentile(seconds, 90)
    row(label, f"{rate / 1e6:7.1f} / {slow / 1e6:7.1f} MB/s", f"({statistics.median(seconds):.2f} s median)")
    return rate


def verdict(label: str, ratio: float, target: float, unit: str) -> None:
    result = "met" if ratio >= target else "MISSED"
    row(label, f"{ratio:8.2f}{unit}", f"target >= {target:g}{unit}: {result}")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ---------------------------------------------------------------- pshell clients
STOPWATCH_LOOP = """
$sw = [System.Diagnostics.Stopwatch]::new()
$times = foreach ($i in 1..%(runs)d) {
    $sw.Restart()
    %(command)s
    $sw.Stop()
    $sw.ElapsedTicks
}
"ticks/s $([System.Diagnostics.Stopwatch]::Frequency)"
$times
"""


def stopwatch_script(setup: str, command: str, runs: int, teardown: str = "") -> str:
    """A pshell script: `setup`, then `command` timed `runs` times; prints `ticks/s F` and the ticks."""
    return f"{setup}\n{STOPWATCH_LOOP % {'runs': runs, 'command': command}}\n{teardown}"


def run_client(lab: SshLab, script: str) -> str:
    """Run a script in a fresh `python -m pshell -c` client of the lab; its standard output."""
    done = subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c", script], env=lab.env, text=True,
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=CLIENT_TIMEOUT, check=False)
    if done.returncode != 0 or done.stderr.strip():
        raise RuntimeError(f"pshell -c failed ({done.returncode}): {done.stderr.strip()[:1000]}")
    return done.stdout


def stopwatch_times(output: str, runs: int) -> list[float]:
    """The seconds of each timed run, from the output of a stopwatch_script."""
    words = output.split()
    start = words.index("ticks/s")
    frequency = float(words[start + 1])
    ticks = [float(x) for x in words[start + 2:]]
    if len(ticks) != runs:
        raise RuntimeError(f"expected {runs} timings, got: {output[-500:]}")
    return [t / frequency for t in ticks]


def timed_in_client(lab: SshLab, setup: str, command: str, runs: int, teardown: str = "") -> tuple[list[float], str]:
    """(seconds of each run, what the script printed before the timings)."""
    output = run_client(lab, stopwatch_script(setup, command, runs, teardown))
    return stopwatch_times(output, runs), output[:output.index("ticks/s")]


# ---------------------------------------------------------------- ssh processes
class OpenSsh:
    """The system `ssh` client on the lab's computers, its errors logged to a file of the lab."""

    def __init__(self, lab: SshLab) -> None:
        self.lab = lab
        self.log_path = lab.root / "ssh.log"
        self.control_path = str(lab.root / "cm-%C")  # short: a Unix socket path is limited
        self.masters: list[str] = []

    def command(self, name: str, *args: str, master: bool = False) -> list[str]:
        options = ["-o", "ControlMaster=no"]
        if master:
            options = ["-o", "ControlMaster=auto", "-o", f"ControlPath={self.control_path}", "-o", "ControlPersist=60"]
        base = self.lab.ssh_command(name)
        return base[:-1] + options + [name, *args]

    def start(self, name: str, *args: str, master: bool = False) -> subprocess.Popen[bytes]:
        # stdout and stderr are never pipes: a ControlPersist master keeps them open after ssh exits
        with open(self.log_path, "ab") as log:
            return subprocess.Popen(self.command(name, *args, master=master), stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=log)

    def run(self, name: str, *args: str, master: bool = False) -> float:
        """Run one ssh process to its end; its wall time in seconds."""
        if master and name not in self.masters:
            self.masters.append(name)
        started = time.perf_counter()
        [code] = self.wait([self.start(name, *args, master=master)])
        elapsed = time.perf_counter() - started
        if code != 0:
            raise RuntimeError(f"ssh {name} {' '.join(args)} exited {code}: {self.log()}")
        return elapsed

    def run_parallel(self, names: list[str], *args: str) -> float:
        """Start one ssh process per computer at once and wait for all; the wall time in seconds."""
        started = time.perf_counter()
        processes: list[subprocess.Popen[bytes]] = []
        try:
            processes += (self.start(name, *args) for name in names)
        finally:
            codes = self.wait(processes)
        elapsed = time.perf_counter() - started
        if any(codes):
            raise RuntimeError(f"ssh exited {codes}: {self.log()}")
        return elapsed

    @staticmethod
    def wait(processes: list[subprocess.Popen[bytes]]) -> list[int]:
        """Their exit codes; any still running after CLIENT_TIMEOUT (or a failure here) is killed."""
        try:
            return [process.wait(timeout=CLIENT_TIMEOUT) for process in processes]
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-1000:]
        except FileNotFoundError:
            return ""

    def stop_masters(self) -> None:
        for name in self.masters:
            command = self.lab.ssh_command(name)[:-1] + ["-o", f"ControlPath={self.control_path}", "-O", "exit", name]
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=60, check=False)
        self.masters.clear()


def timed_runs(fn: Callable[[], float], runs: int, warmup: int = 0) -> list[float]:
    for _ in range(warmup):
        fn()
    return [fn() for _ in range(runs)]


# ---------------------------------------------------------------- 1. round trip
def pshell_round_trip(lab: SshLab) -> list[float]:
    setup = (f"$s = New-PSSession -ComputerName {COMPUTER}\n"
             f"foreach ($i in 1..{WARMUP}) {{ $r = Invoke-Command -Session $s {{ 1 }} }}")
    times, _ = timed_in_client(lab, setup, "$r = Invoke-Command -Session $s { 1 }", RUNS, "Remove-PSSession $s")
    return times


def ssh_round_trip(ssh: OpenSsh, name: str) -> list[float]:
    return timed_runs(lambda: ssh.run(name, "true", master=True), RUNS, WARMUP)


# ---------------------------------------------------------------- 2. output throughput
def text_file(lab: SshLab) -> tuple[Path, int]:
    """A file whose `base64 -w 100` is LINES lines of 100 characters; (path, bytes of that output)."""
    path = lab.root / "data.bin"
    per_line = LINE_LENGTH * 3 // 4  # bytes that base64 writes as one line
    with open(path, "wb") as f:
        f.writelines(os.urandom(per_line * min(1000, LINES - start)) for start in range(0, LINES, 1000))
    return path, LINES * (LINE_LENGTH + 1)


def program(path: Path) -> str:
    return f"base64 -w {LINE_LENGTH} {path}"


def pshell_throughput(lab: SshLab, path: Path, pipeline: str) -> list[float]:
    """`pipeline` with X standing for the Invoke-Command, timed in one client (after a warm-up
    that checks the number of lines)."""
    invoke = f"Invoke-Command -Session $s {{ {program(path)} }}"
    setup = (f"$s = New-PSSession -ComputerName {COMPUTER}\n"
             f"\"lines $(({invoke}).Count)\"")
    times, before = timed_in_client(lab, setup, pipeline.replace("X", invoke), STREAM_RUNS, "Remove-PSSession $s")
    if before.split() != ["lines", str(LINES)]:
        raise RuntimeError(f"the session sent {before.strip()!r}, not {LINES} lines")
    return times


def ssh_throughput(ssh: OpenSsh, path: Path, master: bool) -> list[float]:
    return timed_runs(lambda: ssh.run(COMPUTER, program(path), master=master), STREAM_RUNS, 1)


# ---------------------------------------------------------------- 3. many computers
def pshell_fan_out(lab: SshLab, names: list[str]) -> tuple[float, list[float]]:
    """(the first run in a fresh client, the runs after it in that client)."""
    listed = ", ".join(f"'{name}'" for name in names)
    check = f"if ($r.Count -ne {len(names)}) {{ throw \"$($r.Count) answers\" }}"
    command = "$r = Invoke-Command -ComputerName $names { 1 }"
    times, _ = timed_in_client(lab, f"$names = {listed}", f"{command}; {check}", FANOUT_RUNS + 1)
    return times[0], times[1:]


def ssh_fan_out(ssh: OpenSsh, names: list[str]) -> list[float]:
    return timed_runs(lambda: ssh.run_parallel(names, "true"), FANOUT_RUNS, 1)


def start_session_hosts(lab: SshLab, names: list[str]) -> None:
    """Make each computer's session host run (as it would on a computer in use): untimed."""
    listed = ", ".join(f"'{name}'" for name in names)
    run_client(lab, f"Invoke-Command -ComputerName {listed} {{ 1 }} | Out-Null")


# ---------------------------------------------------------------- the run
def measure_round_trip(lab: SshLab, ssh: OpenSsh) -> None:
    section(f"1. round trip on {COMPUTER}: Invoke-Command -Session $s {{ 1 }} against ssh (ControlMaster) true "
            f"({RUNS} runs after {WARMUP} warm-up)")
    pshell = timing_row("pshell -c client process, [Diagnostics.Stopwatch]", pshell_round_trip(lab))
    openssh = timing_row("ssh -o ControlMaster=auto ... true (warm master), process wall time",
                         ssh_round_trip(ssh, COMPUTER))
    verdict("ssh / pshell", openssh / pshell, ROUND_TRIP_TARGET, "x")
    lab.computer(NO_BASHRC, setenv={"SHLVL": "1"})
    bare = timing_row(f"the same on {NO_BASHRC}, whose login shell skips ~/.bashrc", ssh_round_trip(ssh, NO_BASHRC))
    row("ssh without ~/.bashrc / pshell (for scale)", f"{bare / pshell:8.2f}x")


def measure_throughput(lab: SshLab, ssh: OpenSsh) -> None:
    path, size = text_file(lab)
    section(f"2. output of `{program('<file>')}` on {COMPUTER}: {LINES} lines, {size / 1e6:.1f} MB "
            f"({STREAM_RUNS} runs after 1 warm-up; median / p90 rate)")
    pshell = rate_row("Invoke-Command -Session $s { ... } | Out-Null", size, pshell_throughput(lab, path, "X | Out-Null"))
    rate_row("$null = Invoke-Command -Session $s { ... } (no Out-Null)", size, pshell_throughput(lab, path, "$null = X"))
    fresh = rate_row("ssh computer ... > /dev/null (new connection each run)", size,
                     ssh_throughput(ssh, path, master=False))
    muxed = rate_row("ssh computer ... > /dev/null (through the warm ControlMaster)", size,
                     ssh_throughput(ssh, path, master=True))
    verdict("pshell / ssh (the faster of the two)", pshell / max(fresh, muxed), THROUGHPUT_TARGET, "x")


def measure_fan_out(lab: SshLab, ssh: OpenSsh) -> None:
    names = [computer.name for computer in lab.computers(COMPUTERS)]
    start_session_hosts(lab, names)
    section(f"3. {{ 1 }} on {COMPUTERS} computers, connecting to each ({FANOUT_RUNS} runs; session hosts running)")
    first, later = pshell_fan_out(lab, names)
    row("Invoke-Command -ComputerName <all> { 1 }: first, in a fresh client", f"{first * 1000:8.0f} ms")
    timing_row("Invoke-Command -ComputerName <all> { 1 }: the runs after it", later)
    timing_row(f"{COMPUTERS} x ssh computer true, started at once (no ControlMaster)", ssh_fan_out(ssh, names))


def main() -> None:
    import pytest

    os.environ.pop("PSHELL_HOST_DEBUG", None)
    try:
        lab = SshLab()
    except pytest.skip.Exception as exc:  # no OpenSSH here
        raise SystemExit(f"ssh_bench: {exc}") from None
    ssh = OpenSsh(lab)
    try:
        from pshell import __version__

        lab.computer(COMPUTER)
        print(f"pshell {__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
              f"OpenSSH sshd {'.'.join(map(str, lab.sshd_version))}, lab {lab.root}")
        print(f"BENCH_RUNS={RUNS} BENCH_WARMUP={WARMUP} BENCH_LINES={LINES} BENCH_STREAM_RUNS={STREAM_RUNS} "
              f"BENCH_COMPUTERS={COMPUTERS} BENCH_FANOUT_RUNS={FANOUT_RUNS}; load average {load()} "
              "(other work on the machine makes the timings noisy)")
        measure_round_trip(lab, ssh)
        measure_throughput(lab, ssh)
        measure_fan_out(lab, ssh)
        print(f"\nload average at the end {load()}")
    finally:
        try:
            ssh.stop_masters()
        finally:
            lab.close()  # every sshd and session host of the lab; removes its directory


if __name__ == "__main__":
    main()
