"""Run as `python -m forkserver_probe ARGS...`: describes the process it runs in, as JSON.

tests/scripts/test_forkserver.py runs it both as a fresh process and in the fork server and
compares the two descriptions (what differs by nature, such as process ids, is left out).
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time


def _stream(stream: object) -> dict[str, object]:
    s: object = stream
    buffer = getattr(s, "buffer", None)
    raw = getattr(buffer, "raw", buffer)
    return {
        "type": type(s).__name__, "name": getattr(s, "name", None), "mode": getattr(s, "mode", None),
        "encoding": getattr(s, "encoding", None), "errors": getattr(s, "errors", None),
        "line_buffering": getattr(s, "line_buffering", None), "write_through": getattr(s, "write_through", None),
        "buffer": type(buffer).__name__, "raw": type(raw).__name__, "raw_name": getattr(raw, "name", None),
        "raw_mode": getattr(raw, "mode", None), "closefd": getattr(raw, "closefd", None),
        "fileno": s.fileno(), "isatty": s.isatty(), "seekable": s.seekable(),  # type: ignore[attr-defined]
    }


def _descriptor(fd: str) -> str:
    try:
        target = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return "?"
    return target.split(":")[0] if ":" in target else target


def _proc_status() -> dict[str, str]:
    wanted = ("SigBlk", "SigIgn", "SigCgt", "Umask", "NoNewPrivs", "Threads")
    try:
        with open("/proc/self/status", encoding="utf-8") as f:
            lines = [line.split(":", 1) for line in f]
    except OSError:
        return {}
    return {k: v.strip() for k, v in (line for line in lines if len(line) == 2) if k in wanted}


def describe() -> dict[str, object]:
    main = sys.modules["__main__"]
    fds = sorted(os.listdir("/proc/self/fd"), key=int) if os.path.isdir("/proc/self/fd") else []
    # the epoch in the local time zone (GNU date, else BSD date), and the shell's descriptors
    # (listed by a glob: a pipe to `sort` would itself show up, or not, depending on timing)
    shell = ('env | LC_ALL=C sort; f="+%Y-%m-%d %H:%M %Z"; '
             '{ date -d @0 "$f" || date -r 0 "$f"; } 2>/dev/null; (cd /proc/$$/fd 2>/dev/null && echo *)')
    native = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, check=False)
    return {
        "argv": sys.argv, "orig_argv": sys.orig_argv, "executable": sys.executable,
        "path": sys.path, "cwd": os.getcwd(), "environ": dict(os.environ),
        "main": {"name": main.__name__, "file": getattr(main, "__file__", None),
                 "spec": getattr(getattr(main, "__spec__", None), "name", None),
                 "package": getattr(main, "__package__", None), "is_this": main.__dict__ is globals()},
        "tz": {"tzname": list(time.tzname), "timezone": time.timezone, "daylight": time.daylight,
               "local_epoch": time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(0))},
        "streams": {"stdin": _stream(sys.stdin), "stdout": _stream(sys.stdout), "stderr": _stream(sys.stderr),
                    "same": [sys.stdin is sys.__stdin__, sys.stdout is sys.__stdout__, sys.stderr is sys.__stderr__]},
        "fds": {fd: _descriptor(fd) for fd in fds},
        "signals": {signal.Signals(n).name: repr(signal.getsignal(n)) for n in sorted(signal.valid_signals())
                    if n not in (signal.SIGKILL, signal.SIGSTOP) and n < signal.SIGRTMIN},
        "blocked": sorted(int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, [])),
        "proc_status": _proc_status(),
        "process_group": os.getpgrp(), "session": os.getsid(0),
        "threads": threading.active_count(), "main_thread": threading.current_thread() is threading.main_thread(),
        "flags": list(sys.flags), "dont_write_bytecode": sys.dont_write_bytecode,
        "gc": [gc.isenabled(), list(gc.get_threshold())],
        "native": {"code": native.returncode, "stdout": native.stdout.splitlines(), "stderr": native.stderr},
        "stdin_data": sys.stdin.read(),
    }


if __name__ == "__main__":
    atexit.register(lambda: print("atexit ran", flush=False))
    # left unflushed on purpose: the interpreter's exit flushes it
    sys.stdout.write(json.dumps(describe()) + "\n")
    sys.stderr.write("to stderr\n")
    threading.Thread(target=lambda: (time.sleep(0.2), print("thread ran")), daemon=False).start()
    raise SystemExit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
