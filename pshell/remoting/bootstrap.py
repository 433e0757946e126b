"""Starting the session host bridge on a computer reached over SSH.

In order:

1. the SSH subsystem `pshell` (sshd_config: `Subsystem pshell /usr/bin/env pshell host --stdio`);
2. else, after one probe of the computer (`command -v pshell`, `command -v python3` and its
   version, the cache folder, in a single exec), `pshell host --stdio` on its PATH;
3. else pshell is brought along: a self-contained zipapp of this pshell (zipapp.py) is copied
   to `${XDG_CACHE_HOME:-~/.cache}/pshell/<version>-<key>/pshell.pyz` on the computer (once per
   version: later connections find it there; SFTP, or `cat` over an exec channel when the
   computer has no SFTP) and run with the computer's python3 (>= 3.10):
   `python3 .../pshell.pyz host --stdio`;
4. else a clear error: "The computer has no pshell and no python3 >= 3.10 to run it (found
   Python 3.8)."

Every bridge is checked with the handshake before it is used (hello, welcome). A bridge that
ends before answering (pshell broken there) gives way to the next way, and the error says what
it wrote on stderr. A session host that speaks another protocol version (an older or newer
pshell there) is not used: this pshell is brought along and run with its own state directory,
`<state dir>-protocol<N>`, so its session host (of this protocol) does not meet the other one.

The channel returned has completed the handshake: HostConnection's own hello is not sent again
and the welcome already read is handed to it (BridgeChannel).
"""

from __future__ import annotations

import logging
import os
import shlex
import socket
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import paramiko
import paramiko.agent

from pshell import __version__
from pshell.errors import ErrorCategory
from pshell.remoting.errors import HostError
from pshell.wire import frames
from pshell.wire.frames import PROTOCOL_VERSION

log = logging.getLogger("pshell.remoting")

BRIDGE_COMMAND = "pshell host --stdio"
SUBSYSTEM = "pshell"
OPEN_TIMEOUT = 30.0  # seconds to open a channel
PROBE_TIMEOUT = 30.0  # seconds for the probe of the computer
HANDSHAKE_TIMEOUT = 60.0  # seconds for a bridge to answer the hello (it may start the session host first)
UPLOAD_TIMEOUT = 300.0  # seconds to copy the zipapp to the computer
STDERR_WAIT = 2.0  # seconds to collect what a bridge that ended wrote on stderr
MIN_PYTHON = (3, 10)
ARCHIVE = "pshell.pyz"
_POLL = 0.01


def start_bridge(client: paramiko.SSHClient, subsystem: str | None = None, *, forward_agent: bool = False) -> Any:
    """A channel running the session host bridge on the computer, its handshake done (the SSH
    subsystem `subsystem`, default pshell, is tried first). With `forward_agent` the client's
    SSH agent is forwarded to the bridge (ForwardAgent yes), for sessions made with
    -EnableNetworkAccess.
    HostError (or paramiko.SSHException / OSError) with a sentence a user can act on."""
    transport = client.get_transport()
    if transport is None or not transport.is_active():
        raise paramiko.SSHException("the SSH connection is closed")
    problems: list[str] = []
    mismatch: str | None = None

    attempt = _try(transport, forward_agent, None, f"the {subsystem or SUBSYSTEM} subsystem",
                   subsystem=subsystem or SUBSYSTEM)
    if attempt.channel is not None:
        return attempt.channel
    if attempt.problem:  # the subsystem exists but did not work
        problems.append(attempt.problem)
    mismatch = attempt.mismatch

    from pshell.remoting import zipapp

    try:
        entries = zipapp.sources()
    except zipapp.ZipappError as exc:
        entries, cannot_pack = None, str(exc)
    else:
        cannot_pack = ""
    name = f"{__version__}-{zipapp.key(entries)}" if entries is not None else ""
    probe = _probe(transport, name)

    if probe.pshell and mismatch is None:
        attempt = _try(transport, forward_agent, BRIDGE_COMMAND, f"pshell on the computer ({probe.pshell})")
        if attempt.channel is not None:
            return attempt.channel
        if attempt.problem:
            problems.append(attempt.problem)
        mismatch = attempt.mismatch

    if not probe.python_usable:
        raise _unavailable(probe, problems, mismatch)
    if entries is None:
        raise _error(" ".join(problems + [cannot_pack]), "PshellNotAvailable")
    remote = _ensure_archive(client, transport, probe, name, entries)
    command = f"{shlex.quote(probe.python)} {shlex.quote(remote)} host --stdio"
    what = f"pshell brought along to the computer ({remote})"
    if mismatch is None:
        attempt = _try(transport, forward_agent, command, what)
        if attempt.channel is not None:
            return attempt.channel
        if attempt.mismatch is None:
            raise _error(" ".join(problems + [attempt.problem]), "PshellNotAvailable")
        mismatch = attempt.mismatch  # the session host already running there is of another pshell
    # The session host there speaks another protocol: ours gets a state directory of its own.
    own_state = f"{probe.state}-protocol{PROTOCOL_VERSION}"
    attempt = _try(transport, forward_agent, f"/usr/bin/env PSHELL_STATE_DIR={shlex.quote(own_state)} {command}",
                   what)
    if attempt.channel is not None:
        return attempt.channel
    raise _error(" ".join(problems + [attempt.problem or attempt.mismatch or ""]), "PshellNotAvailable")


# ---------------------------------------------------------------- the handshake
@dataclass
class _Attempt:
    channel: Any = None  # a BridgeChannel when the bridge answered with a welcome we speak
    problem: str = ""  # why it did not work ("" when there was nothing there: no subsystem)
    mismatch: str | None = None  # the bridge answered, in another protocol version


def _try(transport: paramiko.Transport, forward_agent: bool, command: str | None, what: str, *,
         subsystem: str = SUBSYSTEM) -> _Attempt:
    """Start a bridge (the subsystem when command is None) and say hello."""
    channel = transport.open_session(timeout=OPEN_TIMEOUT)
    if forward_agent:  # asked for before the bridge starts, so that sshd gives it SSH_AUTH_SOCK
        channel.pshell_agent = paramiko.agent.AgentRequestHandler(channel)
    try:
        if command is None:
            try:
                channel.invoke_subsystem(subsystem)
            except paramiko.SSHException:
                attempt = _Attempt()  # the computer has no such subsystem
            else:
                attempt = _handshake(channel, what)
        else:
            channel.exec_command(command)
            attempt = _handshake(channel, what)
    except BaseException:
        channel.close()
        raise
    if attempt.channel is None:
        channel.close()
        if attempt.mismatch:
            log.info("%s: %s", what, attempt.mismatch)
    return attempt


def hello_message() -> dict[str, Any]:
    """The hello HostConnection sends (same client id), so the session host sees one client."""
    from pshell.remoting.connection import CLIENT_ID

    return {"type": "hello", "protocol": PROTOCOL_VERSION, "client": f"pshell/{__version__}", "client_id": CLIENT_ID,
            "host": socket.gethostname(), "pid": os.getpid()}


def _handshake(channel: Any, what: str) -> _Attempt:
    deadline = time.monotonic() + HANDSHAKE_TIMEOUT

    def recv(size: int) -> bytes:
        channel.settimeout(max(0.001, deadline - time.monotonic()))
        return channel.recv(size)

    try:
        channel.settimeout(OPEN_TIMEOUT)
        channel.sendall(frames.encode(hello_message()))
        reply = frames.read_frame(recv)
    except TimeoutError:
        return _Attempt(problem=f"{what} did not answer the handshake within {int(HANDSHAKE_TIMEOUT)} seconds.")
    except (frames.ConnectionClosed, frames.TruncatedFrame, OSError, EOFError, paramiko.SSHException):
        return _Attempt(problem=f"{what} ended before the handshake{_ended(channel)}")
    except frames.FrameError as exc:
        return _Attempt(problem=f"{what} did not answer the handshake in pshell's protocol ({exc}){_ended(channel)}")
    channel.settimeout(None)
    kind = reply.get("type")
    if kind == "welcome" and reply.get("protocol") == PROTOCOL_VERSION:
        return _Attempt(channel=BridgeChannel(channel, reply))
    if kind == "welcome":
        server = f" ({reply.get('server')})" if reply.get("server") else ""
        return _Attempt(mismatch=f"The session host on the computer{server} speaks protocol version "
                                 f"{reply.get('protocol')}, but this pshell speaks version {PROTOCOL_VERSION}.")
    error = reply.get("error") if kind == "error" and isinstance(reply.get("error"), dict) else {}
    if error.get("error_id") == "ProtocolVersionMismatch":
        return _Attempt(mismatch=str(error.get("message") or "The session host speaks another protocol version."))
    if error:
        return _Attempt(problem=f"The session host on the computer refused the connection: {error.get('message')}")
    return _Attempt(problem=f"{what} answered the handshake with {kind!r}.")


def _ended(channel: Any) -> str:
    """': exit status N: <the end of its stderr>.' for a bridge that ended (waits briefly)."""
    deadline = time.monotonic() + STDERR_WAIT
    while not channel.exit_status_ready() and time.monotonic() < deadline:
        time.sleep(_POLL)
    err = b""
    while channel.recv_stderr_ready() and len(err) < 65536:
        err += channel.recv_stderr(65536)
    text = " ".join(err.decode("utf-8", "replace").strip().splitlines()[-8:])
    status = f"exit status {channel.recv_exit_status()}" if channel.exit_status_ready() else ""
    detail = ": ".join(part for part in (status, text) if part)
    return f" ({detail})." if detail else "."


class BridgeChannel:
    """A bridge's channel after the handshake. HostConnection says hello again on it: that hello
    is not sent (the session host would refuse a second one) and the welcome already read is
    what it receives. Everything else goes to the paramiko channel."""

    def __init__(self, channel: Any, welcome: dict[str, Any]) -> None:
        self.channel = channel
        self.welcome = welcome
        self._replay = frames.encode(welcome)
        self._first: bytearray | None = bytearray()  # the first frame sent, until complete

    def sendall(self, data: bytes) -> None:
        if self._first is None:
            self.channel.sendall(data)
            return
        self._first += data
        if len(self._first) < frames.HEADER.size:
            return
        end = frames.HEADER.size + frames.HEADER.unpack_from(self._first)[0]
        if len(self._first) < end:
            return
        first, rest = bytes(self._first[:end]), bytes(self._first[end:])
        self._first = None
        try:
            is_hello = frames.decode_body(first[frames.HEADER.size:]).get("type") == "hello"
        except frames.FrameError:
            is_hello = False
        if not is_hello:
            rest = first + rest
        if rest:
            self.channel.sendall(rest)

    def send(self, data: bytes) -> int:
        self.sendall(data)
        return len(data)

    def recv(self, size: int) -> bytes:
        if self._replay:
            chunk, self._replay = self._replay[:size], self._replay[size:]
            return chunk
        return self.channel.recv(size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.channel, name)


# ---------------------------------------------------------------- the probe
@dataclass
class _Probe:
    pshell: str = ""
    python: str = ""
    version: tuple[int, ...] = ()
    cache: str = ""
    cached: bool = False
    state: str = ""
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def python_usable(self) -> bool:
        return bool(self.python) and self.version >= MIN_PYTHON

    def found(self) -> str:
        if not self.python:
            return "found no python3"
        if not self.version:
            return f"found {self.python}, which did not run"
        return "found Python " + ".".join(map(str, self.version))


def probe_script(name: str) -> str:
    """The shell script (for /bin/sh) that tells what the computer has."""
    archive = shlex.quote(f"{name}/{ARCHIVE}") if name else "''"
    return "; ".join([
        'p=$(command -v pshell 2>/dev/null); echo "pshell=$p"',
        'y=$(command -v python3 2>/dev/null); echo "python3=$y"',
        'if [ -n "$y" ]; then echo "version=$("$y" -c "import sys; print(*sys.version_info[:2])" 2>/dev/null)"; fi',
        'c="${XDG_CACHE_HOME:-$HOME/.cache}/pshell"; echo "cache=$c"',
        f'if [ -n {archive} ] && [ -f "$c/"{archive} ]; then echo "cached=yes"; fi',
        'echo "state=${PSHELL_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/pshell}"',
        "exit 0",
    ])


def _probe(transport: paramiko.Transport, name: str) -> _Probe:
    status, out, err = run(transport, "/bin/sh -c " + shlex.quote(probe_script(name)), timeout=PROBE_TIMEOUT)
    raw: dict[str, str] = {}
    for line in out.decode("utf-8", "replace").splitlines():
        key, sep, value = line.partition("=")
        if sep and key in ("pshell", "python3", "version", "cache", "cached", "state"):
            raw[key] = value.strip()
    if status != 0 or "cache" not in raw:
        text = " ".join(err.decode("utf-8", "replace").split())
        raise _error(f"The computer could not be examined for pshell (/bin/sh exited with status {status}"
                     + (f": {text}" if text else "") + ").", "PshellNotAvailable")
    try:
        version = tuple(int(part) for part in raw.get("version", "").split())
    except ValueError:
        version = ()
    return _Probe(pshell=raw.get("pshell", ""), python=raw.get("python3", ""), version=version,
                  cache=raw["cache"], cached=raw.get("cached") == "yes", state=raw.get("state", ""), raw=raw)


def _unavailable(probe: _Probe, problems: list[str], mismatch: str | None) -> HostError:
    """The error when pshell cannot run on the computer and cannot be brought along."""
    need = ".".join(map(str, MIN_PYTHON))
    if mismatch is not None:
        return _error(f"{mismatch} The computer has no python3 >= {need} to run this pshell there "
                      f"({probe.found()}).", "ProtocolVersionMismatch", ErrorCategory.InvalidOperation)
    if problems:  # a pshell there that did not work
        return _error(" ".join(problems) + f" The computer has no python3 >= {need} to run this pshell there "
                      f"instead ({probe.found()}).", "PshellNotAvailable")
    return _error(f"The computer has no pshell and no python3 >= {need} to run it ({probe.found()}).",
                  "PshellNotAvailable")


# ---------------------------------------------------------------- bringing pshell along
def _ensure_archive(client: paramiko.SSHClient, transport: paramiko.Transport, probe: _Probe, name: str,
                    entries: list[Any]) -> str:
    """The path of this pshell's zipapp on the computer, copied there if it is not yet."""
    from pshell.remoting import zipapp

    if not probe.cache.startswith("/"):
        raise _error(f"pshell cannot be brought along to the computer: its cache folder '{probe.cache}' is not an "
                     "absolute path (is HOME set there?).", "PshellNotAvailable")
    folder = f"{probe.cache}/{name}"
    remote = f"{folder}/{ARCHIVE}"
    if probe.cached:
        return remote
    try:
        local = zipapp.build(entries=entries)
    except zipapp.ZipappError as exc:
        raise _error(str(exc), "PshellNotAvailable") from None
    log.info("copying pshell (%s) to %s on the computer", local, remote)
    try:
        sftp = client.open_sftp()
    except (paramiko.SSHException, EOFError):
        sftp = None  # no SFTP there: copy with cat over an exec channel
    try:
        if sftp is not None:
            _upload_sftp(sftp, local, folder, remote)
        else:
            _upload_exec(transport, local, folder, remote)
    except (OSError, paramiko.SSHException, EOFError) as exc:
        raise _error(f"pshell could not be copied to the computer ({remote}): {getattr(exc, 'strerror', None) or exc}",
                     "PshellNotAvailable") from None
    finally:
        if sftp is not None:
            sftp.close()
    return remote


def _partial_name(folder: str) -> str:
    return f"{folder}/.{ARCHIVE}.{uuid.uuid4().hex[:12]}.partial"


def _upload_sftp(sftp: paramiko.SFTPClient, local: str, folder: str, remote: str) -> None:
    """mkdir -p (0700), copy to a temporary name, then rename it into place at once."""
    sftp.get_channel().settimeout(UPLOAD_TIMEOUT)
    path = ""
    for part in folder.strip("/").split("/"):
        path += "/" + part
        try:
            sftp.stat(path)
        except FileNotFoundError:
            try:
                sftp.mkdir(path, 0o700)
            except OSError:
                sftp.stat(path)  # made by someone else meanwhile; else the first error stands
    partial = _partial_name(folder)
    try:
        sftp.put(local, partial, confirm=True)  # confirm: the size is checked
        sftp.chmod(partial, 0o600)
        try:
            sftp.posix_rename(partial, remote)
        except OSError:
            sftp.rename(partial, remote)  # a server without posix-rename (fails if it is there)
    except BaseException:
        try:
            sftp.remove(partial)
        except (OSError, paramiko.SSHException, EOFError):
            pass
        raise


def _upload_exec(transport: paramiko.Transport, local: str, folder: str, remote: str) -> None:
    """The same with sh: cat into a temporary name, check its size, rename it into place."""
    size = os.path.getsize(local)
    partial, q = _partial_name(folder), shlex.quote
    script = (f"umask 077 && mkdir -p {q(folder)} && cat > {q(partial)} && test $(wc -c < {q(partial)}) -eq {size} "
              f"&& mv -f {q(partial)} {q(remote)} || {{ rm -f {q(partial)}; exit 1; }}")
    with open(local, "rb") as data:
        status, _, err = run(transport, "/bin/sh -c " + q(script), stdin=data, timeout=UPLOAD_TIMEOUT)
    if status != 0:
        text = " ".join(err.decode("utf-8", "replace").split())
        raise OSError(f"sh exited with status {status}" + (f": {text}" if text else ""))


# ---------------------------------------------------------------- helpers
def run(transport: paramiko.Transport, command: str, *, stdin: Any = None,
        timeout: float = PROBE_TIMEOUT) -> tuple[int, bytes, bytes]:
    """Run a command on the computer: (exit status, stdout, stderr). stdin: a binary file to
    send. Polls with a deadline; paramiko.SSHException if it does not end in time."""
    deadline = time.monotonic() + timeout
    channel = transport.open_session(timeout=OPEN_TIMEOUT)
    try:
        channel.exec_command(command)
        if stdin is not None:
            for block in iter(lambda: stdin.read(1 << 16), b""):
                channel.settimeout(max(0.001, deadline - time.monotonic()))
                channel.sendall(block)
        channel.shutdown_write()
        out, err = bytearray(), bytearray()
        exited: float | None = None
        while True:
            busy = False
            if channel.recv_ready():
                out += channel.recv(65536)
                busy = True
            if channel.recv_stderr_ready():
                err += channel.recv_stderr(65536)
                busy = True
            if not busy and channel.exit_status_ready():
                exited = exited or time.monotonic()
                # its output ends with EOF (a server that sends none: what came within a second)
                if channel.eof_received or channel.closed or time.monotonic() - exited > 1.0:
                    break
            if time.monotonic() > deadline:
                raise paramiko.SSHException(f"'{command}' did not end within {int(timeout)} seconds on the computer")
            if not busy:
                time.sleep(_POLL)
        return channel.recv_exit_status(), bytes(out), bytes(err)
    except TimeoutError:
        raise paramiko.SSHException(f"'{command}' did not end within {int(timeout)} seconds on the computer") from None
    finally:
        channel.close()


def _error(message: str, error_id: str, category: str = ErrorCategory.ConnectionError) -> HostError:
    return HostError({"message": message.strip(), "error_id": error_id, "category": category})
