"""The network between a client and a computer fails: real clients through a TCP proxy.

Server01 is a real sshd (conftest.py); the client reaches it as `Flaky`, a Host entry whose
Port is a TcpProxy (tcp_proxy.py) in front of Server01's sshd. The proxy cuts the TCP
connection in the middle of a command (both ends see "connection reset", as when a network
path goes away) and refuses new connections while the computer is "out of reach". What a
user must see: PowerShell's warnings, every line of output once and in order, and sessions
and jobs in the states PowerShell gives them.

Clients and commands wait for the test with gate files, the test waits for them with
deadlines; every client and the proxy are stopped at the end of each test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ssh_helpers import REPO, WAIT, SshLab
from tcp_proxy import TcpProxy

CLIENT_TIMEOUT = 120.0  # seconds a whole client run may take (slow, busy 2-core machine)
COMPUTER = "Flaky"


# ---------------------------------------------------------------- the flaky network
class FlakyNetwork:
    """Server01 behind a TcpProxy, reached by clients as the computer `Flaky`."""

    def __init__(self, lab: SshLab, tmp_path: Path) -> None:
        self.lab = lab
        self.tmp_path = tmp_path
        self.server = lab.computers(1)[0]
        self.proxy = TcpProxy(self.server.port)
        self.config = tmp_path / "ssh_config"
        self.known_hosts = tmp_path / "known_hosts"
        kind, key = self.server.host_public_key.split()[:2]
        self.known_hosts.write_text(f"[127.0.0.1]:{self.proxy.port} {kind} {key}\n", encoding="utf-8")
        self.config.write_text(lab.ssh_config.read_text(encoding="utf-8") + "\n".join([
            "", f"Host {COMPUTER}",
            "    HostName 127.0.0.1",
            f"    Port {self.proxy.port}",
            f"    User {lab.user}",
            f"    IdentityFile {lab.client_key}",
            "    IdentitiesOnly yes",
            f"    UserKnownHostsFile {self.known_hosts}",
            "    StrictHostKeyChecking yes", ""]), encoding="utf-8")
        self.clients: list[Client] = []

    @property
    def env(self) -> dict[str, str]:
        return dict(self.lab.env, PSHELL_SSH_CONFIG=str(self.config), PYTHONUNBUFFERED="1", COLUMNS="120",
                    TERM="dumb")

    def start(self, script: str) -> Client:
        client = Client(script, self.env)
        self.clients.append(client)
        return client

    def path(self, name: str) -> Path:
        return self.tmp_path / name

    def close(self) -> None:
        try:
            for client in self.clients:
                client.kill()
        finally:
            self.proxy.close()


@pytest.fixture
def flaky(ssh_clean: SshLab, tmp_path: Path) -> Iterator[FlakyNetwork]:
    network = FlakyNetwork(ssh_clean, tmp_path)
    try:
        yield network
    finally:
        network.close()


# ---------------------------------------------------------------- clients
class Client:
    """`pshell -c <script>` running in the background; its stdout and stderr read by threads."""

    def __init__(self, script: str, env: dict[str, str]) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "pshell", "-NoProfile", "-c", script], env=env,
                                        cwd=str(REPO), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self._out: list[str] = []
        self._err: list[str] = []
        self._readers = [threading.Thread(target=_read, args=(self.process.stdout, self._out), daemon=True),
                         threading.Thread(target=_read, args=(self.process.stderr, self._err), daemon=True)]
        for reader in self._readers:
            reader.start()

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in "".join(self._out).splitlines()]

    @property
    def output(self) -> list[str]:
        """The lines of output, without the warnings among them."""
        return [line for line in self.lines if not line.startswith("WARNING: ")]

    @property
    def err(self) -> str:
        return "".join(self._err)

    @property
    def text(self) -> str:
        """stdout and stderr with every run of white space made one space (warnings wrap)."""
        return " ".join(("".join(self._out) + "".join(self._err)).split())

    def describe(self) -> str:
        return f"exit code {self.process.poll()}\n--- stdout ---\n{''.join(self._out)}\n--- stderr ---\n{self.err}"

    def wait_line(self, line: str, timeout: float = CLIENT_TIMEOUT) -> None:
        """Wait until the client prints this line."""
        wait_for(lambda: line in self.lines, f"the client to print {line!r}", self, timeout)

    def finish(self, timeout: float = CLIENT_TIMEOUT) -> Client:
        """Wait for the client to end by itself (killed, and the test failed, after timeout)."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"the client did not end within {timeout} s:\n{self.describe()}") from None
        for reader in self._readers:
            reader.join(WAIT)
        return self

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(WAIT)
        for reader in self._readers:
            reader.join(WAIT)


def _read(stream: Any, into: list[str]) -> None:
    into.extend(iter(stream.readline, ""))
    stream.close()


def wait_for(condition: Callable[[], bool], what: str, client: Client | None = None,
             timeout: float = CLIENT_TIMEOUT) -> None:
    """Poll until condition() is true; fail (with what the client wrote) after the deadline, or
    at once if the client ended first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if client is not None and client.process.poll() is not None:
            client.finish()
            if condition():
                return
            raise AssertionError(f"the client ended before {what}:\n{client.describe()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}:\n"
                                 f"{client.describe() if client else ''}")
        time.sleep(0.05)


def gate(path: Path) -> str:
    """PowerShell that waits until the test creates the file."""
    return f"while (-not (Test-Path '{path}')) {{ Start-Sleep -Milliseconds 50 }}"


def mark(path: Path) -> str:
    """PowerShell that tells the test it got here."""
    return f"New-Item '{path}' -ItemType File | Out-Null"


def numbered(lines: list[str], prefix: str) -> list[int]:
    return [int(line[len(prefix):]) for line in lines if line.startswith(prefix)]


# ---------------------------------------------------------------- the proxy itself
def test_the_proxy_forwards_cuts_and_refuses() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server, TcpProxy(server.getsockname()[1]) as proxy:
        server.settimeout(WAIT)
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=WAIT) as client:
            far, _ = server.accept()
            with far:
                far.settimeout(WAIT)
                payload = os.urandom(1 << 20)
                sender = threading.Thread(target=client.sendall, args=(payload,))
                sender.start()
                got = bytearray()
                while len(got) < len(payload):
                    got += far.recv(1 << 16)
                sender.join(WAIT)
                assert bytes(got) == payload  # through unchanged and in order
                far.sendall(b"back")
                assert client.recv(16) == b"back"
                assert proxy.cut() == 1
                with pytest.raises(ConnectionResetError):
                    client.recv(16)
                with pytest.raises((ConnectionResetError, BrokenPipeError)):
                    far.sendall(b"x" * 100_000)
                    far.recv(16)
        proxy.refuse()
        # the reset comes as it connects, or as it reads
        with pytest.raises(ConnectionResetError), socket.create_connection(("127.0.0.1", proxy.port),
                                                                            timeout=WAIT) as client:
            client.recv(16)
        proxy.accept()
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=WAIT) as client:
            far, _ = server.accept()
            with far:
                client.sendall(b"again")
                assert far.recv(16) == b"again"
        assert (proxy.forwarded, proxy.refused, proxy.cuts) == (2, 1, 1)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", proxy.port), timeout=WAIT).close()


# ---------------------------------------------------------------- cut while a command runs
def test_a_cut_in_the_middle_of_a_command_is_made_good_and_nothing_is_lost(flaky: FlakyNetwork) -> None:
    started, cut = flaky.path("started"), flaky.path("cut")
    client = flaky.start(f"""
        $s = New-PSSession -ComputerName {COMPUTER}
        Invoke-Command -Session $s {{
            $n = 0
            while (-not (Test-Path '{cut}')) {{
                $n++; "line $n"
                if ($n -eq 50) {{ {mark(started)} }}
                Start-Sleep -Milliseconds 20
            }}
            1..5 | ForEach-Object {{ $n++; "line $n" }}
            'last line'
        }}
        "state: $($s.State) $($s.Availability)"
        "jobs: $(@(Get-Job).Count)"
        Invoke-Command -Session $s {{ 'the session goes on' }}
        Remove-PSSession $s
    """)
    wait_for(started.exists, "the command to start", client)
    assert flaky.proxy.cut() == 1  # output is streaming: lines are on their way as the connection goes
    flaky.proxy.wait_until(lambda proxy: proxy.forwarded >= 2, "the client to connect again")
    cut.write_text("go")
    client.finish()
    assert client.process.returncode == 0 and "Traceback" not in client.err, client.describe()
    lines = numbered(client.lines, "line ")
    assert lines == list(range(1, len(lines) + 1)) and len(lines) >= 55, client.describe()
    assert "last line" in client.lines, client.describe()
    assert f"WARNING: The network connection to {COMPUTER} has been interrupted. Attempting to reconnect for up " \
           "to 4 minutes..." in client.text, client.describe()
    assert f"WARNING: The network connection to {COMPUTER} has been restored." in client.text, client.describe()
    assert client.lines[-3:] == ["state: Opened Available", "jobs: 0", "the session goes on"], client.describe()


def test_a_cut_while_a_native_program_streams_blocks_of_lines_loses_and_repeats_nothing(flaky: FlakyNetwork) -> None:
    """A native program's lines travel in blocks of many lines: a cut while blocks are on their
    way (sent, not acknowledged) neither loses a line nor gives one twice."""
    started, cut, program = flaky.path("started"), flaky.path("cut"), flaky.path("burst.sh")
    program.write_text(f"""n=0
while [ ! -e '{cut}' ]; do
    seq -f 'line %g' $((n + 1)) $((n + 2000)); n=$((n + 2000))
    if [ $n -eq 20000 ]; then : > '{started}'; fi
    sleep 0.01
done
seq -f 'line %g' $((n + 1)) $((n + 5000))
""")
    client = flaky.start(f"""
        $s = New-PSSession -ComputerName {COMPUTER}
        Invoke-Command -Session $s {{ sh '{program}'; 'last line' }}
        Invoke-Command -Session $s {{ 'the session goes on' }}
        Remove-PSSession $s
    """)
    wait_for(started.exists, "the program to stream", client)
    assert flaky.proxy.cut() == 1
    flaky.proxy.wait_until(lambda proxy: proxy.forwarded >= 2, "the client to connect again")
    cut.write_text("go")
    client.finish()
    assert client.process.returncode == 0 and "Traceback" not in client.err, client.describe()[:3000]
    lines = numbered(client.lines, "line ")
    assert lines == list(range(1, len(lines) + 1)) and len(lines) >= 25000, client.describe()[:3000]
    assert f"WARNING: The network connection to {COMPUTER} has been restored." in client.text, client.describe()[:3000]
    assert client.lines[-2:] == ["last line", "the session goes on"], client.describe()[:3000]


# ---------------------------------------------------------------- the computer does not come back in time
def test_a_session_that_cannot_be_reached_again_is_disconnected_and_its_job_collects_the_rest(
        flaky: FlakyNetwork) -> None:
    started, gave_up, finish, back = (flaky.path(name) for name in ("started", "gave-up", "finish", "back"))
    client = flaky.start(f"""
        $PSSessionOption = New-PSSessionOption -MaxConnectionRetryCount 2
        $s = New-PSSession -ComputerName {COMPUTER}
        Invoke-Command -Session $s {{
            1..3 | ForEach-Object {{ "part $_" }}
            {mark(started)}
            {gate(finish)}
            4..6 | ForEach-Object {{ "part $_" }}
        }}
        "after: $($s.State) $($s.Availability)"
        $j = Get-Job
        "job: $($j.Name) $($j.State) $($j.HasMoreData)"
        {mark(gave_up)}
        {gate(back)}
        $again = Receive-PSSession $s
        "same job: $($again.Id -eq $j.Id)"
        Receive-Job $j -Wait
        "job: $($j.State) $($j.HasMoreData)"
        "state: $($s.State) $($s.Availability)"
        Remove-PSSession $s
    """)
    wait_for(started.exists, "the command to start", client)
    flaky.proxy.refuse()
    flaky.proxy.cut()  # the computer is out of reach, and stays so
    wait_for(gave_up.exists, "the client to give up", client)
    finish.write_text("go")  # the command ends while nobody is connected: its output waits
    flaky.proxy.accept()
    back.write_text("go")
    client.finish()
    assert client.process.returncode == 0 and "Traceback" not in client.err, client.describe()
    assert flaky.proxy.refused >= 2, flaky.proxy  # it did try, twice
    text, lines = client.text, client.lines
    assert f"WARNING: The network connection to {COMPUTER} has been interrupted." in text, client.describe()
    assert "has been restored" not in text, client.describe()
    assert "WARNING: Session Session1 with instance ID " in text, client.describe()
    assert f"on computer {COMPUTER} has been successfully disconnected." in text, client.describe()
    assert "WARNING: Job Job1 has been created for reconnection." in text, client.describe()
    assert "after: Disconnected None" in lines and "job: Job1 Disconnected True" in lines, client.describe()
    assert "same job: True" in lines, client.describe()
    assert numbered(lines, "part ") == [1, 2, 3, 4, 5, 6], client.describe()
    assert lines[-2:] == ["job: Completed False", "state: Opened Available"], client.describe()


# ---------------------------------------------------------------- cut while idle
def noticed(session: str = "$s") -> str:
    """PowerShell that waits until the client has noticed that the connection is gone."""
    return f"while ({session}.State -eq 'Opened') {{ Start-Sleep -Milliseconds 50 }}"


def test_a_cut_while_idle_goes_unnoticed_by_the_next_command(flaky: FlakyNetwork) -> None:
    idle = flaky.path("idle")
    client = flaky.start(f"""
        $s = New-PSSession -ComputerName {COMPUTER}
        Invoke-Command -Session $s {{ $x = 'kept' }}
        {mark(idle)}
        {noticed()}
        Invoke-Command -Session $s {{ "x is $x" }}
        "after: $($s.State) $($s.Availability)"
        Remove-PSSession $s
    """)
    wait_for(idle.exists, "the session to be idle", client)
    assert flaky.proxy.cut() == 1
    client.finish()
    assert client.process.returncode == 0 and not client.err, client.describe()
    assert client.lines == ["x is kept", "after: Opened Available"], client.describe()  # the same session, no word
    assert flaky.proxy.forwarded == 2, flaky.proxy


def test_a_cut_while_idle_and_no_way_back_is_a_clear_error_until_the_computer_answers(flaky: FlakyNetwork) -> None:
    idle, failed, back = flaky.path("idle"), flaky.path("failed"), flaky.path("back")
    client = flaky.start(f"""
        $s = New-PSSession -ComputerName {COMPUTER} -SessionOption (New-PSSessionOption -MaxConnectionRetryCount 1)
        Invoke-Command -Session $s {{ $x = 'kept' }}  # the session keeps its option's retry count
        {mark(idle)}
        {noticed()}
        Invoke-Command -Session $s {{ "x is $x" }}
        "unreachable: $($s.State) $($s.Availability)"
        {mark(failed)}
        {gate(back)}
        Invoke-Command -Session $s {{ "x is $x" }}
        "after: $($s.State) $($s.Availability)"
        Remove-PSSession $s
    """)
    wait_for(idle.exists, "the session to be idle", client)
    flaky.proxy.refuse()
    assert flaky.proxy.cut() == 1
    wait_for(failed.exists, "the client to give up", client)
    flaky.proxy.accept()
    back.write_text("go")
    client.finish()
    assert client.process.returncode == 0 and "Traceback" not in client.err, client.describe()
    assert client.output == ["unreachable: Disconnected None", "x is kept", "after: Opened Available"], \
        client.describe()
    assert flaky.proxy.refused == 2, flaky.proxy  # a quiet try, then MaxConnectionRetryCount 1
    assert f"WARNING: The network connection to {COMPUTER} has been interrupted. Attempting to reconnect for up " \
           "to 1 minute..." in client.text, client.describe()
    assert "has been restored" not in client.text, client.describe()
    assert f"Invoke-Command: [{COMPUTER}] Connecting to remote server {COMPUTER} failed with the following error " \
           "message :" in client.text, client.describe()


def test_a_temporary_session_that_cannot_be_reached_again_is_kept_with_its_job(flaky: FlakyNetwork) -> None:
    started, finish, back = flaky.path("started"), flaky.path("finish"), flaky.path("back")
    client = flaky.start(f"""
        Invoke-Command -ComputerName {COMPUTER} -SessionOption (New-PSSessionOption -MaxConnectionRetryCount 1) {{
            1..3 | ForEach-Object {{ "part $_" }}
            {mark(started)}
            {gate(finish)}
            4..6 | ForEach-Object {{ "part $_" }}
        }}
        $s = Get-PSSession
        "kept: $($s.Name -like 'Temporary*') $($s.State) $($s.Availability)"
        {gate(back)}
        $j = $s | Receive-PSSession
        Receive-Job $j -Wait
        "job: $($j.Name) $($j.State)"
        Remove-PSSession $s
    """)
    wait_for(started.exists, "the command to start", client)
    flaky.proxy.refuse()
    flaky.proxy.cut()
    client.wait_line("kept: True Disconnected None")
    finish.write_text("go")
    flaky.proxy.accept()
    back.write_text("go")
    client.finish()
    assert client.process.returncode == 0 and not client.err, client.describe()
    assert "WARNING: Session Temporary" in client.text and "has been created for reconnection." in client.text, \
        client.describe()
    assert numbered(client.lines, "part ") == [1, 2, 3, 4, 5, 6], client.describe()
    assert client.lines[-1] == "job: Job1 Completed", client.describe()


# ---------------------------------------------------------------- Receive-PSSession
DISCONNECTED_TICKER = """
    Invoke-Command -ComputerName {computer} -InDisconnectedSession -SessionName Nightly {{
        $n = 0
        while (-not (Test-Path '{stop}')) {{ $n++; "line $n"; Start-Sleep -Milliseconds 20 }}
        1..5 | ForEach-Object {{ $n++; "line $n" }}
        'last line'
    }} | Out-Null
"""


def test_receive_pssession_over_a_cut_connection_carries_on_where_it_stopped(flaky: FlakyNetwork) -> None:
    stop = flaky.path("stop")
    client = flaky.start(DISCONNECTED_TICKER.format(computer=COMPUTER, stop=stop) + f"""
        Receive-PSSession -ComputerName {COMPUTER} -Name Nightly
        $s = Get-PSSession -Name Nightly
        "state: $($s.State) $($s.Availability)"
        Remove-PSSession $s
    """)
    client.wait_line("line 50")  # it is receiving
    assert flaky.proxy.cut() == 1
    flaky.proxy.wait_until(lambda proxy: proxy.forwarded >= 2, "the client to connect again")
    stop.write_text("go")
    client.finish()
    assert client.process.returncode == 0 and not client.err, client.describe()
    lines = numbered(client.lines, "line ")
    assert lines == list(range(1, len(lines) + 1)) and len(lines) >= 55, client.describe()
    assert f"WARNING: The network connection to {COMPUTER} has been interrupted." in client.text, client.describe()
    assert f"WARNING: The network connection to {COMPUTER} has been restored." in client.text, client.describe()
    assert client.lines[-2:] == ["last line", "state: Opened Available"], client.describe()


def test_receive_pssession_that_cannot_connect_again_leaves_the_rest_for_the_next_one(flaky: FlakyNetwork) -> None:
    stop, back = flaky.path("stop"), flaky.path("back")
    client = flaky.start(DISCONNECTED_TICKER.format(computer=COMPUTER, stop=stop) + f"""
        Receive-PSSession -ComputerName {COMPUTER} -Name Nightly `
            -SessionOption (New-PSSessionOption -MaxConnectionRetryCount 1)
        $s = Get-PSSession -Name Nightly
        "state: $($s.State) $($s.Availability)"
        {gate(back)}
        Receive-PSSession $s
        "state: $($s.State) $($s.Availability)"
        Remove-PSSession $s
    """)
    client.wait_line("line 50")
    flaky.proxy.refuse()
    flaky.proxy.cut()
    client.wait_line("state: Disconnected None")
    flaky.proxy.accept()
    stop.write_text("go")
    back.write_text("go")
    client.finish()
    assert client.process.returncode == 0 and "Traceback" not in client.err, client.describe()
    assert f"Receive-PSSession: [{COMPUTER}] The connection to the session Nightly was lost:" in client.text, \
        client.describe()
    lines = numbered(client.lines, "line ")
    assert lines == list(range(1, len(lines) + 1)) and len(lines) >= 55, client.describe()
    assert client.lines[-2:] == ["last line", "state: Opened Available"], client.describe()
