"""A fork server that runs `python -m pshell ...` without paying for Python's start-up each time.

The script cases under tests/scripts (and the command-line tests) each run the real program as
a separate process. Starting a fresh interpreter and importing pshell costs most of a case's
time, so the tests hand the runs to this server instead. The server is started once (per
pytest process); it imports what a fresh `python -m pshell` has imported by the time a
script's first statement runs, and loads the grammar. For each run it forks a child, which
becomes what `subprocess.run` would have started:

- argv (`sys.argv`, `sys.orig_argv`), `sys.path` (the working directory first, as `-m` puts
  it), the working directory, the whole environment (also at C level, for native programs) and
  the time zone (`time.tzset()`);
- standard input, output and error are the descriptors the caller passes (pipes and /dev/null,
  as `subprocess.run(..., capture_output=True, stdin=DEVNULL)` uses), wrapped in new `sys.std*`
  objects built the way the interpreter builds them at start-up; no other descriptor is open;
- a new `__main__` module, and the module runs with `runpy`'s `-m` code path; the child then
  leaves through the interpreter's normal exit (SystemExit, atexit, joining threads, flushing).

What the server imports in advance is found, not listed: a probe child runs the real program
on an empty script and records the modules it imported, in the order they started. Only those
(plus third-party and standard modules that pshell's other modules import) are imported before
forking, so pshell's own lazily imported modules (cmdlets, and the views and types they
register) are imported by each child when a fresh process would import them: what a script
sees is what it would see in a fresh process. For those imports the server keeps pshell's
modules compiled (as a .pyc would), and it freezes its heap for the collector before forking
(`gc.freeze`), so that a child does not copy it all.

The caller side is `run` below (one server per interpreter start-up environment) or
`ForkServer.run`: as `subprocess.run`, it returns a `subprocess.CompletedProcess` and raises
`subprocess.TimeoutExpired` after killing the child. tests/scripts/test_forkserver.py checks
that a forked child and a fresh process look the same from the inside. (tests/ is on pytest's
`pythonpath`, so tests import this module as `forkserver`.)
"""

from __future__ import annotations

import builtins
import gc
import importlib
import io
import json
import os
import select
import signal
import socket
import sys
import time
import types
from typing import Any

_MAX_MESSAGE = 1 << 20
# Environment variables the interpreter reads while it starts (stdio encoding, sys.path, flags):
# a run whose values differ from the server's gets a server of its own.
_START_UP_PREFIXES = ("PYTHON", "LC_")
_START_UP_NAMES = ("LANG", "LANGUAGE", "HOME")


def start_up_key(env: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in env.items() if k.startswith(_START_UP_PREFIXES) or k in _START_UP_NAMES))


def _send(sock: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    data = json.dumps(message).encode("utf-8")
    if fds:
        socket.send_fds(sock, [data], fds)
    else:
        sock.send(data)


def _recv(sock: socket.socket) -> tuple[dict[str, Any] | None, list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(sock, _MAX_MESSAGE, 8)
    if not data:
        for fd in fds:
            os.close(fd)
        return None, []
    return json.loads(data.decode("utf-8")), list(fds)


# ====================================================================== server side
# The server's sys.path[0] is the directory of this file (set in __main__ below); a child
# replaces it with its working directory, as `python -m` does.
_SCRIPT_DIR: str | None = None
_STARTUP_CWD: str | None = None
_TEMPLATES: tuple[Any, Any, Any] = (sys.__stdin__, sys.__stdout__, sys.__stderr__)


class _ImportTracer:
    """A meta path finder that only records which modules start importing, in order."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        self.names.append(name)  # and finds nothing: the other finders go on


def _new_main_module() -> types.ModuleType:
    """`__main__` as the interpreter creates it before running `-m module`."""
    import importlib.machinery

    main = types.ModuleType("__main__")
    main.__loader__ = importlib.machinery.BuiltinImporter  # type: ignore[assignment]
    main.__annotations__ = {}
    main.__builtins__ = builtins  # type: ignore[attr-defined]
    sys.modules["__main__"] = main
    return main


def _run_module(module: str, args: list[str]) -> None:
    """What `python -m module args...` does once the interpreter is up."""
    import runpy

    sys.argv = ["-m", *args]
    _new_main_module()
    runner = getattr(runpy, "_run_module_as_main", None)
    if runner is not None:
        runner(module, alter_argv=True)
    else:  # pragma: no cover - every CPython since 2.7 has it
        runpy.run_module(module, run_name="__main__", alter_sys=True)


def _probe(probe_dir: str) -> dict[str, list[str]]:
    """Fork a child that runs `python -m pshell <empty script>` and reports what it imported."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the probe child
        report: dict[str, list[str]] = {"prologue": [], "extra": []}
        try:
            os.close(read_end)
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            os.chdir(probe_dir)
            os.environ["PSHELL_STATE_DIR"] = os.path.join(probe_dir, "state")
            script = os.path.join(probe_dir, "empty.ps1")
            with open(script, "w", encoding="utf-8"):
                pass
            tracer = _ImportTracer()
            sys.meta_path.insert(0, tracer)
            try:
                _run_module("pshell", [script])
            except SystemExit:
                pass
            report["prologue"] = [n for n in tracer.names if n in sys.modules and not n.endswith("__main__")]
            # Modules that pshell's lazily imported parts need: only the ones outside pshell are
            # imported in advance (pshell's own import when a fresh process would import them).
            seen = len(tracer.names)
            _import_package_tree("pshell", skip=("pshell.repl", "pshell.host", "pshell.remoting", "pshell.__main__"))
            report["extra"] = [n for n in tracer.names[seen:] if n in sys.modules and n.split(".")[0] != "pshell"]
        finally:
            with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
                pipe.write(json.dumps(report))
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as pipe:
        text = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(text) if text else {"prologue": [], "extra": []}


def _import_package_tree(package: str, *, skip: tuple[str, ...]) -> None:
    import pkgutil

    try:
        module = importlib.import_module(package)
    except Exception:  # noqa: BLE001 - a module that fails to import is not preloaded
        return
    for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
        name = f"{package}.{info.name}"
        if name in skip:
            continue
        if info.ispkg:
            _import_package_tree(name, skip=skip)
        else:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001
                pass


def _cache_compiled_code(package: str) -> int:
    """Compile the package's modules once, for the children to import without compiling.

    Where bytecode is not written (PYTHONDONTWRITEBYTECODE, as on the developers' machines),
    every fresh process compiles each pshell module it imports; a child would do the same for
    the modules it imports after the fork. The server compiles them with the loader's own
    `source_to_code` and the children's loaders use those code objects while the file is
    unchanged (size and modification time), as they would use a valid .pyc file. Nothing is
    executed here: modules still run when, and only if, a child imports them.
    """
    from importlib.machinery import SourceFileLoader

    module = sys.modules.get(package)
    cache: dict[str, tuple[int, int, Any]] = {}
    for top in getattr(module, "__path__", []):
        for folder, _dirs, files in os.walk(top):
            for file in files:
                if not file.endswith(".py"):
                    continue
                path = os.path.join(folder, file)
                try:
                    st = os.stat(path)
                    with open(path, "rb") as f:
                        data = f.read()
                    cache[path] = (st.st_mtime_ns, st.st_size, SourceFileLoader(package, path).source_to_code(data, path))
                except (OSError, SyntaxError, ValueError):
                    continue
    if not cache:
        return 0
    original = SourceFileLoader.get_code

    def get_code(self: Any, fullname: str) -> Any:
        path = self.get_filename(fullname)
        entry = cache.get(path)
        if entry is not None:
            try:
                st = os.stat(path)
            except OSError:
                pass
            else:
                if (st.st_mtime_ns, st.st_size) == entry[:2]:
                    return entry[2]
        return original(self, fullname)

    SourceFileLoader.get_code = get_code  # type: ignore[method-assign]
    return len(cache)


def _preload(probe_dir: str) -> int:
    found = _probe(probe_dir)
    count = 0
    for name in [*found["prologue"], *found["extra"]]:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
            count += 1
        except Exception:  # noqa: BLE001 - it will be imported (or fail) in the child as in a fresh process
            pass
    # The grammar is built (or read from Lark's cache) on the first parse; it depends on nothing
    # but the grammar file.
    parser = sys.modules.get("pshell.syntax.parser")
    warm = getattr(parser, "_lark", None)
    if callable(warm):
        warm()
    _cache_compiled_code("pshell")
    return count


def _std_stream(fd: int, write: bool, name: str, template: Any) -> io.TextIOWrapper:
    """A `sys.std*` object made as the interpreter makes it at start-up (Python/pylifecycle.c)."""
    unbuffered = bool(_TEMPLATES[1].write_through)  # -u / PYTHONUNBUFFERED, as the server started
    buffering = 0 if (unbuffered and write) else -1
    buf = open(fd, "wb" if write else "rb", buffering, closefd=False)  # noqa: SIM115 - lives as sys.std*
    raw = buf if buffering == 0 else buf.raw  # type: ignore[attr-defined]
    raw.name = name
    line_buffering = not unbuffered and (raw.isatty() or fd == 2)
    stream = io.TextIOWrapper(buf, template.encoding, template.errors, "\n", line_buffering, unbuffered)  # type: ignore[arg-type]
    stream.mode = "w" if write else "r"  # type: ignore[misc]
    return stream


def _become(request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: turn into the process `subprocess.run(request...)` would start."""
    for target, fd in zip((0, 1, 2), fds):
        os.dup2(fd, target)
    for fd in fds:
        if fd > 2:
            os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    streams = [_std_stream(fd, fd != 0, f"<{name}>", template)
               for fd, name, template in zip((0, 1, 2), ("stdin", "stdout", "stderr"), _TEMPLATES)]
    sys.stdin, sys.stdout, sys.stderr = streams
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = streams  # type: ignore[misc]
    argv = request["argv"]
    sys.orig_argv = list(argv)
    cwd = os.getcwd()
    if _SCRIPT_DIR is not None and sys.path and sys.path[0] == _SCRIPT_DIR:
        sys.path[0] = cwd
    # Relative entries (PYTHONPATH="x:" has an empty one) were made absolute against the server's
    # working directory, a fresh temporary directory of its own: make them against this one.
    if _STARTUP_CWD is not None:
        sys.path[:] = [cwd + entry[len(_STARTUP_CWD):] if entry == _STARTUP_CWD or entry.startswith(_STARTUP_CWD + os.sep)
                       else entry for entry in sys.path]


def _wait(pid: int, sock: socket.socket) -> int | None:
    """Wait for the child; kill it if the caller asks. Returns its return code, or None if the
    caller went away."""
    pidfd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    if pidfd is not None:
        poller.register(pidfd, select.POLLIN)
    try:
        while True:
            events = poller.poll(None if pidfd is not None else 20)
            for fd, _event in events:
                if fd == sock.fileno():
                    message, extra = _recv(sock)
                    for f in extra:
                        os.close(f)
                    if message is None or message.get("op") == "kill":
                        try:
                            if pidfd is not None:
                                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                            else:
                                os.kill(pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
                    if message is None:
                        os.waitpid(pid, 0)
                        return None
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status)
    finally:
        if pidfd is not None:
            os.close(pidfd)


def serve(sock: socket.socket, probe_dir: str) -> tuple[dict[str, Any], list[int]]:
    """The server loop. Returns only in a forked child, with the request it is to run."""
    preloaded = _preload(probe_dir)
    _send(sock, {"ready": True, "pid": os.getpid(), "preloaded": preloaded})
    while True:
        request, fds = _recv(sock)
        if request is None:
            raise SystemExit(0)
        if request.get("op") == "kill":  # too late: that child has ended already
            for fd in fds:
                os.close(fd)
            continue
        argv = request.get("argv") or []
        if request.get("op") != "run" or len(fds) != 3 or argv[:2] != [sys.executable, "-m"] or len(argv) < 3:
            for fd in fds:
                os.close(fd)
            _send(sock, {"error": f"cannot run {argv!r} with {len(fds)} descriptors"})
            continue
        threading = sys.modules.get("threading")
        if threading is not None and threading.active_count() > 1:  # a fork would lose them
            for fd in fds:
                os.close(fd)
            _send(sock, {"error": "the fork server has threads; it cannot fork safely"})
            continue
        for stream in _TEMPLATES:
            stream.flush()
        # Objects that exist now are moved out of the collector's sight (the use gc.freeze is made
        # for): otherwise the child's first full collection walks, and so copies, the whole
        # inherited heap, which costs as much as the child's work.
        gc.freeze()
        pid = os.fork()
        if pid == 0:
            sock.close()
            return request, fds
        for fd in fds:
            os.close(fd)
        _send(sock, {"pid": pid})
        code = _wait(pid, sock)
        if code is None:
            raise SystemExit(0)
        _send(sock, {"returncode": code})


# ====================================================================== caller side
class ForkServerError(RuntimeError):
    pass


class ForkServer:
    """One server process, started with `env`; runs `[sys.executable, "-m", module, ...]`."""

    def __init__(self, env: dict[str, str], *, start_timeout: float = 120.0) -> None:
        import subprocess
        import tempfile

        self.key = start_up_key(env)
        self.dir = tempfile.mkdtemp(prefix="pshell-forkserver-")
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.log_path = os.path.join(self.dir, "server.log")
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), str(theirs.fileno()), self.dir],
                                         pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                         env=env, cwd=self.dir)
        theirs.close()
        ready = self._receive(time.monotonic() + start_timeout)
        if not ready.get("ready"):
            raise ForkServerError(f"the fork server did not start: {ready}")
        self.preloaded = ready.get("preloaded", 0)

    def _log(self) -> str:
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def _receive(self, deadline: float) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([self.sock], [], [], max(remaining, 0))
        if not ready:
            raise TimeoutError
        message, fds = _recv(self.sock)
        for fd in fds:
            os.close(fd)
        if message is None:
            self.proc.wait(timeout=30)
            raise ForkServerError(f"the fork server exited ({self.proc.returncode}):\n{self._log()}")
        return message

    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(self, argv: list[str], *, cwd: str, env: dict[str, str], timeout: float, text: bool = True) -> Any:
        """As `subprocess.run(argv, cwd=cwd, env=env, stdin=DEVNULL, capture_output=True,
        timeout=timeout, text=text)`."""
        import subprocess

        deadline = time.monotonic() + timeout
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        null = os.open(os.devnull, os.O_RDWR)
        try:
            _send(self.sock, {"op": "run", "argv": list(argv), "cwd": str(cwd), "env": dict(env)}, [null, out_w, err_w])
        finally:
            for fd in (null, out_w, err_w):
                os.close(fd)
        try:
            started = self._receive(deadline)
            if "pid" not in started:
                raise ForkServerError(started.get("error", str(started)))
            out, err, timed_out = _read_until_eof(out_r, err_r, deadline)
            if timed_out:
                _send(self.sock, {"op": "kill"})
                self._receive(time.monotonic() + 30)
                raise subprocess.TimeoutExpired(argv, timeout, output=out, stderr=err)
            try:
                code = self._receive(deadline)["returncode"]
            except TimeoutError:
                _send(self.sock, {"op": "kill"})
                self._receive(time.monotonic() + 30)
                raise subprocess.TimeoutExpired(argv, timeout, output=out, stderr=err) from None
        finally:
            os.close(out_r)
            os.close(err_r)
        if text:
            out, err = _decode(out), _decode(err)
        return subprocess.CompletedProcess(list(argv), code, out, err)

    def close(self) -> None:
        try:
            self.sock.close()
        finally:
            try:
                self.proc.wait(timeout=30)
            except Exception:  # noqa: BLE001
                self.proc.kill()
                self.proc.wait()
            import shutil

            shutil.rmtree(self.dir, ignore_errors=True)


def _read_until_eof(out_fd: int, err_fd: int, deadline: float) -> tuple[bytes, bytes, bool]:
    chunks: dict[int, list[bytes]] = {out_fd: [], err_fd: []}
    open_fds = [out_fd, err_fd]
    while open_fds:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return b"".join(chunks[out_fd]), b"".join(chunks[err_fd]), True
        ready, _, _ = select.select(open_fds, [], [], remaining)
        for fd in ready:
            data = os.read(fd, 65536)
            if data:
                chunks[fd].append(data)
            else:
                open_fds.remove(fd)
    return b"".join(chunks[out_fd]), b"".join(chunks[err_fd]), False


def _decode(data: bytes) -> str:
    """As `subprocess.run(..., text=True)` decodes captured output (universal newlines)."""
    import locale

    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


_SERVERS: dict[tuple[tuple[str, str], ...], ForkServer] = {}


def run(argv: list[str], *, cwd: str, env: dict[str, str], timeout: float, text: bool = True) -> Any:
    """Run `argv` (`[sys.executable, "-m", module, ...]`) in a fork server started with the same
    interpreter start-up environment; as `subprocess.run(..., capture_output=True, stdin=DEVNULL)`."""
    key = start_up_key(env)
    server = _SERVERS.get(key)
    if server is not None and not server.alive():
        server.close()
        server = None
    if server is None:
        if not _SERVERS:
            import atexit

            atexit.register(close_all)
        server = _SERVERS[key] = ForkServer(env)
    return server.run(argv, cwd=cwd, env=env, timeout=timeout, text=text)


def close_all() -> None:
    while _SERVERS:
        _SERVERS.popitem()[1].close()


if __name__ == "__main__":
    if sys.path and os.path.realpath(sys.path[0]) == os.path.realpath(os.path.dirname(os.path.abspath(__file__))):
        _SCRIPT_DIR = sys.path[0]
    _STARTUP_CWD = os.getcwd()
    _sock = socket.socket(fileno=int(sys.argv[1]))
    os.set_inheritable(_sock.fileno(), False)
    _request, _fds = serve(_sock, sys.argv[2])
    # Only a forked child gets here: become the requested process, then run the module as
    # `python -m` would; whatever it raises (SystemExit with its code) ends the interpreter the
    # normal way.
    del _sock
    _become(_request, _fds)
    _run_module(_request["argv"][2], _request["argv"][3:])
