"""`pshell host`: run, inspect, stop or relay to the session host of this account.

    pshell host              run the session host in the foreground (logs also to stderr)
    pshell host --daemon     run it detached (what clients use to start it on demand)
    pshell host --status     show pid, uptime, protocol and sessions; exit 1 if none runs
    pshell host --stop       stop it cleanly (ends every session's commands) and wait
    pshell host --stdio      relay stdin/stdout to the session host, starting it if needed
                             (the SSH transport runs this on the remote computer)
    --debug                  log in detail to host.log (or PSHELL_HOST_DEBUG=1 in the
                             environment of the client that starts it)

State directory: $PSHELL_STATE_DIR, else $XDG_STATE_HOME/pshell, else ~/.local/state/pshell.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from typing import Sequence

USAGE = __doc__.split("\n", 2)[2] if __doc__ else ""


def main(argv: Sequence[str]) -> int:
    flags = set()
    ready_fd: int | None = None
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--ready-fd" and i + 1 < len(args):
            ready_fd = int(args[i + 1])
            i += 2
            continue
        name = arg.lstrip("-").lower()
        if arg.startswith("-") and name in ("daemon", "status", "stop", "debug", "stdio", "help", "h", "?"):
            flags.add({"h": "help", "?": "help"}.get(name, name))
        else:
            print(f"pshell host: unknown argument '{arg}'.\n\nUsage:\n{USAGE}", file=sys.stderr, end="")
            return 64
        i += 1
    modes = flags & {"daemon", "status", "stop", "stdio"}
    if "help" in flags:
        print(f"Usage:\n{USAGE}", end="")
        return 0
    if len(modes) > 1:
        print("pshell host: use only one of --daemon, --status, --stop, --stdio.", file=sys.stderr)
        return 64
    debug = "debug" in flags or os.environ.get("PSHELL_HOST_DEBUG", "") not in ("", "0")
    try:
        if "status" in modes:
            return status()
        if "stop" in modes:
            return stop()
        if "stdio" in modes:
            from pshell.host.relay import relay_stdio

            return relay_stdio()
        return run(detached="daemon" in modes, debug=debug, ready_fd=ready_fd)
    except KeyboardInterrupt:
        return 130


def _connect(start: bool):  # type: ignore[no-untyped-def]
    from pshell.remoting.connection import HostConnection

    return HostConnection.open(start=start, heartbeat=False)


def status() -> int:
    from pshell.host.starter import HostNotRunning
    from pshell.remoting.connection import HostError

    try:
        conn = _connect(start=False)
    except HostNotRunning:
        print("No session host is running.")
        return 1
    except HostError as exc:
        print(f"pshell host: {exc.record.message}", file=sys.stderr)
        return 1
    try:
        info = conn.status()
    finally:
        conn.close()
    by_state = ", ".join(f"{k} {v}" for k, v in sorted(info["sessions_by_state"].items()))
    uptime = int(info["uptime_s"])
    print(f"Session host:  running (pshell {info['version']}, protocol {info['protocol']})")
    print(f"Pid:           {info['pid']}")
    print(f"Uptime:        {uptime // 3600}:{uptime // 60 % 60:02d}:{uptime % 60:02d} (since {info['started_on']})")
    print(f"Sessions:      {info['sessions']}" + (f" ({by_state})" if by_state else ""))
    print(f"Commands:      {info['running_commands']} running")
    print(f"Connections:   {info['connections']}")
    print(f"State dir:     {info['state_dir']}")
    return 0


def stop(timeout: float = 30.0) -> int:
    from pshell.host.starter import HostNotRunning, host_pid
    from pshell.remoting.connection import ConnectionLost, HostError

    try:
        conn = _connect(start=False)
    except HostNotRunning:
        print("No session host is running.")
        return 0
    except HostError as exc:  # e.g. a session host of another pshell version: asked by signal instead
        pid = host_pid()
        if pid is None:
            print(f"pshell host: {exc.record.message}", file=sys.stderr)
            return 1
        os.kill(pid, signal.SIGTERM)
    else:
        try:
            pid = conn.shutdown()["pid"]
        except ConnectionLost:  # it closed its connections while stopping, before its answer went out
            pid = host_pid() or 0
        except HostError as exc:
            print(f"pshell host: {exc.record.message}", file=sys.stderr)
            return 1
        finally:
            conn.close()
    deadline = time.monotonic() + timeout
    while host_pid() is not None:
        if time.monotonic() > deadline:
            print(f"pshell host: the session host (pid {pid}) did not stop within {int(timeout)} seconds.", file=sys.stderr)
            return 1
        time.sleep(0.05)
    print(f"Session host stopped (pid {pid})." if pid else "Session host stopped.")
    return 0


def _setup_logging(log_path: str, debug: bool, to_stderr: bool) -> None:
    root = logging.getLogger("pshell")
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s [%(process)d %(threadName)s] %(message)s")
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.setFormatter(fmt)
    root.addHandler(handler)
    if to_stderr:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(fmt)
        root.addHandler(stream)
    os.chmod(log_path, 0o600)


def _report(fd: int | None, text: str) -> None:
    if fd is None:
        return
    try:
        os.write(fd, (text.replace("\n", " ") + "\n").encode())
        os.close(fd)
    except OSError:
        pass


def run(*, detached: bool, debug: bool, ready_fd: int | None) -> int:
    from pshell.host.daemon import AlreadyRunning, Daemon, install_signal_handlers
    from pshell.host.paths import StateDirError, ensure_state_dir, state_paths
    from pshell.host.settings import SettingsError, load_settings

    if detached:
        try:
            os.setsid()
        except OSError:
            pass  # already a session leader (started with start_new_session)
        if os.fork() > 0:
            os._exit(0)  # the daemon is nobody's child now
    paths = state_paths()
    try:
        ensure_state_dir(paths)
        settings = load_settings(paths.settings)
    except (StateDirError, SettingsError) as exc:
        _report(ready_fd, f"error: {exc}")
        print(f"pshell host: {exc}", file=sys.stderr)
        return 1
    if detached:
        devnull = os.open(os.devnull, os.O_RDWR)
        log_fd = os.open(paths.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(devnull, 0)
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        os.close(devnull)
        os.close(log_fd)
        os.chdir("/")
    # Sessions on this computer get no SSH agent of the client that happened to start the host.
    for name in ("SSH_AUTH_SOCK", "SSH_AGENT_PID"):
        os.environ.pop(name, None)
    _setup_logging(paths.log, debug, to_stderr=not detached)
    daemon = Daemon(paths, settings)
    try:
        daemon.start()
    except AlreadyRunning as exc:
        _report(ready_fd, f"running: {exc}")
        print(f"pshell host: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001
        logging.getLogger("pshell.host").exception("the session host could not start")
        _report(ready_fd, f"error: The session host could not start: {exc}")
        return 1
    install_signal_handlers(daemon)
    _report(ready_fd, "ok")
    daemon.serve_forever()
    return 0
