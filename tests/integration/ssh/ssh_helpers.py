"""Real OpenSSH servers on 127.0.0.1 for the SSH transport tests: each one a "computer".

An `SshLab` owns one short temporary directory under /tmp (Unix socket paths are limited)
holding a client key pair, a known_hosts file and an OpenSSH client config, and starts
`Computer`s on demand: Server01, Server02, ... Each computer is its own `sshd -D -e -f
<config>` on 127.0.0.1 (a free port: port 0 is bound first to choose it; a lost race is
retried with another), with its own ed25519 host key, authorized_keys (the lab's client
key) and its own session host state directory, given to the `pshell` subsystem through
`SetEnv` in sshd_config (which OpenSSH applies to subsystems as to commands), so two
computers on this machine never share sessions. A computer made with `subsystem=False` has
no `pshell` subsystem (for tests of the `pshell host --stdio` fallback); its sessions still
get the same variables.

Layout (all under `lab.root`, e.g. /tmp/pssh-k3j2h1/):

    client/id_ed25519(.pub)  client/known_hosts  client/ssh_config  client/state/
    Server01/sshd_config  Server01/host_ed25519_key(.pub)  Server01/authorized_keys
    Server01/sshd.pid  Server01/sshd.log  Server01/state/   (its PSHELL_STATE_DIR)
    Server01.configurations/   (its PSHELL_CONFIGURATION_DIR, made when root registers one)

Teardown (`SshLab.close`) stops every sshd it started (SIGTERM, SIGKILL after a deadline;
the per-connection sshd processes and relays under it too), then each computer's session
host (`python -m pshell host --stop` with that computer's state dir; killed if it will not
stop) and the client-side one, and removes the directory. Every wait polls with a deadline.

A second Unix account (`SshLab.account()`, root only) is a temporary account of this machine
made with useradd (home: lab.root/home-<name>; the lab's root directory becomes 0711 so that
it can reach it, everything else in the lab stays 0700), whose own ~/.ssh/authorized_keys holds
the lab's client key. `Computer.allow(account)` lets it log in to a computer: a `Match User`
block gives it that authorized_keys, and the computer's SetEnv then applies to the lab's user
only, so the account's sessions get its own defaults (HOME, ~/.local/state/pshell) as a real
second user's would. `Account.close()` (also done by `SshLab.close`) stops its session host
and every process of it, then `userdel -r`.

A missing sshd or ssh-keygen skips the tests, except when CI=true: there it fails them.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any, NoReturn

import pytest

REPO = Path(__file__).resolve().parents[3]
WAIT = 20.0  # seconds: generous for a slow, busy 2-core machine
START_WAIT = 10.0  # seconds an sshd has to start listening
PORT_ATTEMPTS = 5  # ports tried when another process takes the chosen one first
LOOPBACK = "127.0.0.1"
SUBSYSTEM = "pshell"
AGENT_VARIABLES = ("SSH_AUTH_SOCK", "SSH_AGENT_PID")
ACCOUNT_PREFIX = "pst"  # temporary accounts: pst + 8 hex digits
LOGIN_PATH = "/usr/local/bin:/usr/bin:/bin"  # a login's PATH (sshd's default for accounts other than root)


class SshdStartError(Exception):
    """An sshd would not start; the message carries its log."""


def unavailable(reason: str) -> NoReturn:
    """Skip (or under CI=true fail) the tests that need real OpenSSH servers."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the SSH tests must not be skipped)", pytrace=False)
    pytest.skip(reason)


def find_tools() -> tuple[str, str]:
    """The absolute paths of sshd (it must be started by its absolute path) and ssh-keygen."""
    sbin = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin", "/sbin"])
    sshd = "/usr/sbin/sshd" if os.access("/usr/sbin/sshd", os.X_OK) else shutil.which("sshd", path=sbin)
    keygen = shutil.which("ssh-keygen", path=sbin)
    missing = [name for name, path in (("sshd", sshd), ("ssh-keygen", keygen)) if not path]
    if missing:
        unavailable(f"OpenSSH is not installed here ({' and '.join(missing)} not found; "
                    "install openssh-server and openssh-client)")
    assert sshd and keygen
    return os.path.abspath(sshd), os.path.abspath(keygen)


def openssh_version(sshd: str) -> tuple[int, int]:
    """(major, minor) of the sshd binary; (0, 0) if it cannot be told."""
    try:
        done = subprocess.run([sshd, "-V"], check=False, capture_output=True, text=True, timeout=WAIT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return (0, 0)
    match = re.search(r"OpenSSH_(\d+)\.(\d+)", done.stdout + done.stderr)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def generate_key(keygen: str, path: Path, comment: str) -> str:
    """An ed25519 key pair without passphrase at path (+ .pub); returns the public key line."""
    subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)], check=True,
                   capture_output=True, timeout=WAIT, stdin=subprocess.DEVNULL)
    return path.with_name(path.name + ".pub").read_text().strip()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listened on a moment ago (sshd may still lose it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def write_atomically(path: Path, text: str) -> None:
    """Replace the file at once, so a client reading it never sees half of it."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text)
    os.replace(partial, path)


def sshd_quote(text: str) -> str:
    """One sshd_config argument, quoted if it needs to be."""
    if '"' in text or "\\" in text or "\n" in text:
        raise ValueError(f"sshd_config cannot carry this value: {text!r}")
    return f'"{text}"' if (not text or any(c.isspace() or c == "#" for c in text)) else text


def host_env(state_dir: Path | str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment that selects a state directory's session host (for `pshell host ...`)."""
    env = dict(os.environ if base is None else base)
    for name in AGENT_VARIABLES:
        env.pop(name, None)
    env["PSHELL_STATE_DIR"] = str(state_dir)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


def host_cli(state_dir: Path | str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m pshell host <args>` for the session host of that state directory."""
    return subprocess.run([sys.executable, "-m", "pshell", "host", *args], check=False, env=host_env(state_dir),
                          capture_output=True, text=True, timeout=timeout, cwd=str(REPO), stdin=subprocess.DEVNULL)


def running_host_pid(state_dir: Path | str) -> int | None:
    """The pid of the session host of that state directory, None if none runs (its pid lock)."""
    from pshell.host.starter import host_pid

    if not (Path(state_dir) / "host.pid").exists():
        return None
    return host_pid(str(state_dir))


def stop_session_host(state_dir: Path | str) -> None:
    """Stop the session host of a state directory (if one runs): `pshell host --stop`, and a
    SIGKILL if it is still there after that. Waits until its pid lock is released."""
    pid = running_host_pid(state_dir)
    if pid is None:
        return
    failure = ""
    try:
        done = host_cli(state_dir, "--stop", timeout=WAIT + 40)
        if done.returncode != 0:
            failure = f"`pshell host --stop` exited {done.returncode}: {done.stdout}{done.stderr}"
    except subprocess.TimeoutExpired:
        failure = "`pshell host --stop` did not return"
    deadline = time.monotonic() + WAIT
    while running_host_pid(state_dir) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    still = running_host_pid(state_dir)
    if still is not None:
        if still > 0:
            os.kill(still, signal.SIGKILL)
        deadline = time.monotonic() + WAIT
        while running_host_pid(state_dir) is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        raise AssertionError(f"the session host of {state_dir} (pid {still}) did not stop and was killed. {failure}")
    if failure:
        raise AssertionError(f"stopping the session host of {state_dir}: {failure}")


def terminate_tree(process: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    """SIGTERM an sshd and the processes under it (one per connection, and their relays),
    SIGKILL whatever is left after the deadline; reaps the sshd."""
    import psutil

    if process.poll() is not None:
        return
    try:
        below = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        below = []
    process.send_signal(signal.SIGTERM)
    for child in below:
        try:
            child.terminate()
        except psutil.NoSuchProcess:
            pass
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=WAIT)
    alive = wait_gone(below, timeout)
    for child in alive:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    alive = wait_gone(alive, WAIT)
    if alive:
        raise AssertionError(f"processes under sshd {process.pid} would not end: {alive}")


def wait_gone(processes: list[Any], timeout: float) -> list[Any]:
    """Wait until each process has ended (a zombie counts: once sshd is gone its children are
    reaped by init, which in a container may take a while); the ones still alive."""
    import psutil

    def alive(proc: Any) -> bool:
        try:
            return bool(proc.status() != psutil.STATUS_ZOMBIE)
        except psutil.NoSuchProcess:
            return False

    deadline = time.monotonic() + timeout
    left = [proc for proc in processes if alive(proc)]
    while left and time.monotonic() < deadline:
        time.sleep(0.01)
        left = [proc for proc in left if alive(proc)]
    return left


class Computer:
    """One sshd on 127.0.0.1 with its own host key and its own session host state dir."""

    def __init__(self, lab: SshLab, name: str, *, subsystem: bool = True, setenv: dict[str, str] | None = None) -> None:
        self.lab = lab
        self.name = name
        self.subsystem = subsystem
        self.hostname = LOOPBACK
        self.user = lab.user
        self.root = lab.root / name
        self.state_dir = self.root / "state"
        self.config_path = self.root / "sshd_config"
        self.host_key = self.root / "host_ed25519_key"
        self.pid_file = self.root / "sshd.pid"
        self.log_path = self.root / "sshd.log"
        self.authorized_keys = self.root / "authorized_keys"
        # its session configurations (pshell/host/configurations.py), outside its 0700 folder:
        # every account that logs in reads them; root's sessions write them
        self.configuration_dir = lab.root / f"{name}.configurations"
        self.setenv = {"PSHELL_STATE_DIR": str(self.state_dir),
                       "PSHELL_CONFIGURATION_DIR": str(self.configuration_dir),
                       "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")])),
                       **(setenv or {})}
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.accounts: list[Account] = []  # other accounts that may log in (allow())
        self.root.mkdir(mode=0o700)
        self.state_dir.mkdir(mode=0o700)
        self.host_public_key = generate_key(lab.keygen, self.host_key, f"{name}-host")
        self.authorized_keys.write_text(lab.client_public_key + "\n")

    def __repr__(self) -> str:
        return f"<Computer {self.name} {self.hostname}:{self.port} {'running' if self.running else 'stopped'}>"

    # ------------------------------------------------------------ facts
    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.running and self.process else None

    @property
    def known_hosts_line(self) -> str:
        kind, key = self.host_public_key.split()[:2]
        return f"[{self.hostname}]:{self.port} {kind} {key}"

    @property
    def subsystem_command(self) -> str:
        command = [sys.executable, "-m", "pshell", "host", "--stdio"]
        if any(c.isspace() for c in sys.executable):  # sshd would split the path: go through a script
            wrapper = self.root / "pshell-subsystem"
            wrapper.write_text(f"#!/bin/sh\nexec {shlex.join(command)}\n")
            wrapper.chmod(0o755)
            return str(wrapper)
        return " ".join(command)

    def log(self) -> str:
        """What this sshd wrote (it runs with -e: its log goes to sshd.log)."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def sshd_config(self) -> str:
        lines = [
            f"# {self.name}: generated by tests/integration/ssh/ssh_helpers.py",
            f"ListenAddress {LOOPBACK}",
            f"Port {self.port}",
            f"HostKey {sshd_quote(str(self.host_key))}",
            f"PidFile {sshd_quote(str(self.pid_file))}",
            f"AuthorizedKeysFile {sshd_quote(str(self.authorized_keys))}",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PermitRootLogin prohibit-password",
            "StrictModes no",
            "UsePAM no",
            "PrintMotd no",
        ]
        if not self.accounts:  # with other accounts, the lab's user gets it in its Match block
            lines.append(self.setenv_line())
        if self.lab.sshd_version >= (9, 8):
            lines.append("PerSourcePenalties no")  # tests make many failed and cut connections
        if self.subsystem:
            lines.append(f"Subsystem {SUBSYSTEM} {self.subsystem_command}")
        return "\n".join(lines) + "\n"

    def setenv_line(self) -> str:
        return "SetEnv " + " ".join(sshd_quote(f"{key}={value}") for key, value in self.setenv.items())

    def match_blocks(self) -> str:
        """What follows the global lines (a Match block lasts to the end of the file) when other
        accounts may log in: the computer's SetEnv for the lab's user only, and for each account
        its own authorized_keys and only the computer's configuration store, so its sessions have
        its own defaults otherwise."""
        if not self.accounts:
            return ""
        lines = [f"Match User {self.user}", f"    {self.setenv_line()}"]
        for account in self.accounts:
            lines += [f"Match User {account.name}",
                      f"    AuthorizedKeysFile {sshd_quote(str(account.authorized_keys))}",
                      f"    SetEnv {sshd_quote('PSHELL_CONFIGURATION_DIR=' + str(self.configuration_dir))}"]
        return "\n".join(lines) + "\n"

    def allow(self, account: Account) -> Computer:
        """Let another account of this machine log in (with the lab's client key); restarts the
        sshd (on the same port) if it runs, which drops the connections it had."""
        if account not in self.accounts:
            self.accounts.append(account)
            account.computers.append(self)
            if self.running:
                self.restart()
        return self

    # ------------------------------------------------------------ life
    def start(self) -> Computer:
        """Start its sshd (on its old port if it had one, else on a free one) and wait until it
        accepts connections; then record its host key in the lab's known_hosts."""
        if self.running:
            return self
        keep_port = self.port != 0
        attempts = 0
        while True:
            attempts += 1
            if not keep_port:
                self.port = free_port()
            write_atomically(self.config_path, self.sshd_config() + self.match_blocks())
            error = self._launch()
            if error is None:
                break
            if "Missing privilege separation directory" in error and self._make_privsep_dir(error):
                attempts -= 1
                continue
            port_lost = "Address already in use" in error or "Cannot bind any address" in error
            if not port_lost or attempts >= PORT_ATTEMPTS:
                raise SshdStartError(f"sshd for {self.name} did not start (port {self.port}, attempt {attempts}): "
                                     f"{error}\n--- {self.log_path} ---\n{self.log()}")
            keep_port = False
        self.lab.write_client_files()
        return self

    def _launch(self) -> str | None:
        """One try at starting sshd; None when it accepts connections, else what went wrong."""
        self.pid_file.unlink(missing_ok=True)
        with open(self.log_path, "ab") as log:
            log.write(f"--- starting sshd on {LOOPBACK}:{self.port} ---\n".encode())
            log.flush()
            env = {key: value for key, value in os.environ.items() if key not in AGENT_VARIABLES}
            self.process = subprocess.Popen([self.lab.sshd, "-D", "-e", "-f", str(self.config_path)],
                                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                            env=env, cwd="/", start_new_session=True)
        process = self.process
        deadline = time.monotonic() + START_WAIT
        while True:
            code = process.poll()
            if code is not None:
                log_text = self.log().rsplit("--- starting sshd", 1)[-1]
                return f"sshd exited with code {code}: {log_text.strip()}"
            if self._pid_file_says(process.pid) and self._answers():
                return None
            if time.monotonic() > deadline:
                terminate_tree(process)
                return f"sshd did not accept connections on port {self.port} within {START_WAIT} s"
            time.sleep(0.01)

    def _pid_file_says(self, pid: int) -> bool:
        """sshd writes its PidFile once it listens."""
        try:
            return self.pid_file.read_text().strip() == str(pid)
        except FileNotFoundError:
            return False

    def _answers(self) -> bool:
        """The port accepts a connection and speaks SSH (so it is not someone else's)."""
        try:
            with socket.create_connection((LOOPBACK, self.port), timeout=2) as sock:
                sock.settimeout(5)
                return sock.recv(64).startswith(b"SSH-")
        except OSError:
            return False

    @staticmethod
    def _make_privsep_dir(error: str) -> bool:
        """sshd running as root needs its privilege separation directory (normally made by its
        service unit, e.g. /run/sshd); make it, as that unit would. False if that cannot be."""
        match = re.search(r"Missing privilege separation directory: (\S+)", error)
        if not match or os.geteuid() != 0:
            return False
        try:
            os.makedirs(match.group(1), mode=0o755, exist_ok=True)
        except OSError:
            return False
        return True

    def stop(self) -> None:
        """Stop its sshd (and the connections under it). Its session host keeps running: a
        computer whose network went away. `start()` brings it back on the same port."""
        if self.process is not None:
            terminate_tree(self.process)

    def restart(self) -> Computer:
        self.stop()
        return self.start()

    # ------------------------------------------------------------ its session host
    @property
    def host_pid(self) -> int | None:
        """The pid of this computer's session host, None if none runs."""
        return running_host_pid(self.state_dir)

    def host_cli(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """`pshell host <args>` run locally against this computer's session host (--status, ...)."""
        return host_cli(self.state_dir, *args, timeout=timeout)

    def stop_host(self) -> None:
        """Stop this computer's session host (every session on it goes); the next connection
        to the subsystem starts a new one."""
        stop_session_host(self.state_dir)


class SshLab:
    """The client side (key, known_hosts, ssh config, environment) and the computers."""

    def __init__(self) -> None:
        self.sshd, self.keygen = find_tools()
        self.sshd_version = openssh_version(self.sshd)
        self.user = pwd.getpwuid(os.getuid()).pw_name
        self.root = Path(tempfile.mkdtemp(prefix="pssh-", dir="/tmp"))  # short: Unix socket paths are limited
        self.computers_by_name: dict[str, Computer] = {}
        self.accounts: list[Account] = []
        try:
            client = self.root / "client"
            client.mkdir(mode=0o700)
            self.client_key = client / "id_ed25519"
            self.client_public_key = generate_key(self.keygen, self.client_key, f"{self.user}@pshell-tests")
            self.known_hosts = client / "known_hosts"
            self.ssh_config = client / "ssh_config"
            self.client_state_dir = client / "state"
            self.client_state_dir.mkdir(mode=0o700)
            self.write_client_files()
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise

    def __repr__(self) -> str:
        return f"<SshLab {self.root} {list(self.computers_by_name.values())}>"

    # ------------------------------------------------------------ computers
    def computer(self, name: str, *, subsystem: bool = True, setenv: dict[str, str] | None = None) -> Computer:
        """The computer of that name, started (made first if new). `subsystem=False`: its sshd
        has no `pshell` subsystem. `setenv`: more variables for its sessions (SetEnv)."""
        found = self.computers_by_name.get(name)
        if found is None:
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", name):
                raise ValueError(f"not a usable computer name: {name!r}")
            found = Computer(self, name, subsystem=subsystem, setenv=setenv)
            self.computers_by_name[name] = found
        elif found.subsystem != subsystem or (setenv is not None and any(found.setenv.get(k) != v
                                                                          for k, v in setenv.items())):
            raise ValueError(f"{name} already exists with other settings (subsystem={found.subsystem}, "
                             f"setenv={found.setenv}); use another name")
        return found.start()

    def computers(self, count: int, *, subsystem: bool = True, prefix: str = "Server") -> list[Computer]:
        """Server01 .. Server<count>, started (those already made are reused)."""
        return [self.computer(f"{prefix}{i:02d}", subsystem=subsystem) for i in range(1, count + 1)]

    def __getitem__(self, name: str) -> Computer:
        return self.computers_by_name[name]

    # ------------------------------------------------------------ other accounts
    def account(self) -> Account:
        """A new temporary Unix account (pst<8 hex digits>) that logs in with the lab's client key
        once a computer allows it (`Computer.allow`). Needs root: skipped otherwise (failed when
        CI=true). `close()` it when done; `SshLab.close` closes any left."""
        account = Account(self)
        self.accounts.append(account)
        return account

    # ------------------------------------------------------------ client side
    def write_client_files(self) -> None:
        """known_hosts and the OpenSSH client config for every computer made so far."""
        known, config = [], [f"# generated by tests/integration/ssh/ssh_helpers.py ({self.root})", ""]
        for computer in self.computers_by_name.values():
            if computer.port:
                known.append(computer.known_hosts_line)
                config += [f"Host {computer.name}",
                           f"    HostName {computer.hostname}",
                           f"    Port {computer.port}",
                           f"    User {self.user}",
                           f"    IdentityFile {self.client_key}",
                           "    IdentitiesOnly yes",
                           f"    UserKnownHostsFile {self.known_hosts}",
                           "    StrictHostKeyChecking yes",
                           ""]
        write_atomically(self.known_hosts, "".join(line + "\n" for line in known))
        write_atomically(self.ssh_config, "\n".join(config))

    @property
    def env(self) -> dict[str, str]:
        """A new environment for client processes: PSHELL_SSH_CONFIG = the lab's config, a
        private client-side PSHELL_STATE_DIR, the repo on PYTHONPATH, HOME as it is, no SSH
        agent (only the key file authenticates)."""
        env = host_env(self.client_state_dir)
        env["PSHELL_SSH_CONFIG"] = str(self.ssh_config)
        return env

    def ssh_command(self, name: str, *command: str) -> list[str]:
        """The system ssh client's command line for a computer of the lab (needs `ssh`)."""
        ssh = shutil.which("ssh")
        if ssh is None:
            raise FileNotFoundError("no ssh client on PATH")
        return [ssh, "-F", str(self.ssh_config), "-o", "BatchMode=yes", name, *command]

    # ------------------------------------------------------------ the end
    def stop_hosts(self) -> None:
        """Stop every computer's session host and the client-side one (sessions all gone)."""
        state_dirs = [c.state_dir for c in self.computers_by_name.values()] + [self.client_state_dir]
        running = [state_dir for state_dir in state_dirs if running_host_pid(state_dir) is not None]
        problems: list[str] = []

        def stop(state_dir: Path) -> None:
            try:
                stop_session_host(state_dir)
            except Exception as exc:  # noqa: BLE001 - stop the others, then report
                problems.append(str(exc))

        threads = [threading.Thread(target=stop, args=(state_dir,)) for state_dir in running]  # each takes ~1 s
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if problems:
            raise AssertionError("\n".join(problems))

    def close(self) -> None:
        """Stop every sshd and session host of the lab, remove its accounts and its directory."""
        problems: list[str] = []
        for computer in self.computers_by_name.values():
            try:
                computer.stop()
            except Exception as exc:  # noqa: BLE001
                problems.append(f"stopping sshd of {computer.name}: {exc}")
        for account in list(self.accounts):
            try:
                account.close()
            except Exception as exc:  # noqa: BLE001
                problems.append(f"removing the account {account.name}: {exc}")
        try:
            self.stop_hosts()
        except AssertionError as exc:
            problems.append(str(exc))
        shutil.rmtree(self.root, ignore_errors=True)
        if problems:
            raise AssertionError("tearing down the SSH lab:\n" + "\n".join(problems))



class Account:
    """A temporary Unix account of this machine (useradd), logging in to the lab's computers
    with the lab's client key: `pst<8 hex digits>`, home lab.root/home-<name>, shell /bin/sh,
    its own ~/.ssh/authorized_keys. `run()` runs a program as the account (runuser, with a
    login's environment: HOME, USER, LOGNAME, PATH and nothing else). `close()` stops its
    session host and every process running as it (by pid), then `userdel -r`; always call it."""

    def __init__(self, lab: SshLab) -> None:
        if os.geteuid() != 0:
            unavailable("a second Unix account can only be made as root")
        tools = {}
        for tool in ("useradd", "userdel", "runuser"):
            found = shutil.which(tool, path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"]))
            if not found:
                unavailable(f"{tool} is not installed here (the passwd and util-linux packages have it)")
            tools[tool] = found
        self.useradd, self.userdel, self.runuser = tools["useradd"], tools["userdel"], tools["runuser"]
        self.lab = lab
        self.name = ACCOUNT_PREFIX + secrets.token_hex(4)
        self.home = lab.root / f"home-{self.name}"
        self.ssh_dir = self.home / ".ssh"
        self.authorized_keys = self.ssh_dir / "authorized_keys"
        self.state_dir = self.home / ".local" / "state" / "pshell"  # its session host's default
        self.computers: list[Computer] = []
        self.closed = False
        lab.root.chmod(0o711)  # the account must reach its home; the lab's folders stay 0700
        # A password of '*' is no password, but not a locked account either: sshd without PAM
        # refuses a locked ('!') account even a key login.
        done = subprocess.run([self.useradd, "--create-home", "--home-dir", str(self.home), "--shell", "/bin/sh",
                               "--user-group", "--password", "*", "--comment", "pshell tests", self.name],
                              check=False, capture_output=True, text=True, timeout=WAIT, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            shutil.rmtree(self.home, ignore_errors=True)
            raise AssertionError(f"useradd {self.name} exited {done.returncode}: {done.stdout}{done.stderr}")
        try:
            entry = pwd.getpwnam(self.name)
            self.uid, self.gid = entry.pw_uid, entry.pw_gid
            self.home.chmod(0o700)
            self.ssh_dir.mkdir(mode=0o700)
            self.authorized_keys.write_text(lab.client_public_key + "\n")
            self.authorized_keys.chmod(0o600)
            for path in (self.ssh_dir, self.authorized_keys):
                os.chown(path, self.uid, self.gid)
        except BaseException:
            self._userdel()
            raise

    def __repr__(self) -> str:
        return f"<Account {self.name} uid={getattr(self, 'uid', '?')} {self.home}>"

    # ------------------------------------------------------------ as the account
    @property
    def env(self) -> dict[str, str]:
        """A login's environment for the account (what sshd gives a session, less SSH_*)."""
        return {"HOME": str(self.home), "USER": self.name, "LOGNAME": self.name, "SHELL": "/bin/sh",
                "PATH": LOGIN_PATH, "LANG": "C.UTF-8"}

    def command(self, *argv: str) -> list[str]:
        """The command line that runs argv as the account, with only its login environment."""
        return [self.runuser, "-u", self.name, "--", "/usr/bin/env", "-i",
                *(f"{key}={value}" for key, value in self.env.items()), *argv]

    def run(self, *argv: str, timeout: float = WAIT) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(*argv), check=False, capture_output=True, text=True, timeout=timeout,
                              cwd=str(self.home), stdin=subprocess.DEVNULL)

    def python(self) -> str | None:
        """The python3 on the account's PATH if it is >= 3.10 (what pshell needs), else None."""
        done = self.run("/bin/sh", "-c", 'p=$(command -v python3) && "$p" -c "import sys; '
                        'sys.exit(sys.version_info < (3, 10))" && echo "$p"')
        return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None

    # ------------------------------------------------------------ what runs as it
    def archives(self) -> list[Path]:
        """The pshell zipapps brought along to its cache (~/.cache/pshell/<version>-<key>/)."""
        return sorted((self.home / ".cache" / "pshell").glob("*/pshell.pyz"))

    @property
    def host_pid(self) -> int | None:
        """The pid of its session host (default state directory), None if none runs."""
        return running_host_pid(self.state_dir)

    def processes(self) -> list[Any]:
        """Every process running as the account (psutil.Process; not the zombies, which have
        ended and wait for their parent to reap them)."""
        import psutil

        found = []
        for proc in psutil.process_iter(["uids", "status"]):
            uids = proc.info.get("uids")
            if uids is not None and self.uid in (uids.real, uids.effective) and \
                    proc.info.get("status") != psutil.STATUS_ZOMBIE:
                found.append(proc)
        return found

    def stop_host(self) -> None:
        """Stop its session host as the account would: `pshell host --stop` with the pshell it
        was brought along as (SIGKILL if it is still there after that)."""
        pid = self.host_pid
        if pid is None:
            return
        failure = ""
        python, archives = self.python(), self.archives()
        if python is not None and archives:
            try:
                done = self.run(python, str(archives[-1]), "host", "--stop", timeout=WAIT + 40)
                if done.returncode != 0:
                    failure = f"`pshell host --stop` exited {done.returncode}: {done.stdout}{done.stderr}"
            except subprocess.TimeoutExpired:
                failure = "`pshell host --stop` did not return"
        elif pid > 0:
            os.kill(pid, signal.SIGTERM)  # the session host stops as with --stop
        deadline = time.monotonic() + WAIT
        while self.host_pid is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        still = self.host_pid
        if still is not None:
            if still > 0:
                os.kill(still, signal.SIGKILL)
            raise AssertionError(f"the session host of {self.name} (pid {still}) did not stop and was killed. {failure}")
        if failure:
            raise AssertionError(f"stopping the session host of {self.name}: {failure}")

    def end_processes(self) -> list[Any]:
        """SIGTERM every process running as the account, SIGKILL those left after a deadline;
        the ones still alive after that."""
        import psutil

        found = self.processes()
        for proc in found:
            try:
                proc.terminate()
            except psutil.NoSuchProcess:
                pass
        alive = wait_gone(found, 5.0)
        for proc in alive:
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        return wait_gone(alive, WAIT)

    # ------------------------------------------------------------ the end
    def _userdel(self) -> str:
        """userdel -r (its home and mail spool too); what went wrong, "" if nothing."""
        problem = ""
        deadline = time.monotonic() + WAIT
        while True:
            done = subprocess.run([self.userdel, "--remove", self.name], check=False, capture_output=True, text=True,
                                  timeout=WAIT, stdin=subprocess.DEVNULL)
            try:
                pwd.getpwnam(self.name)
            except KeyError:
                break
            problem = f"userdel {self.name} exited {done.returncode}: {done.stdout}{done.stderr}"
            if time.monotonic() > deadline:  # e.g. a process of it still running
                return problem
            time.sleep(0.1)
        shutil.rmtree(self.home, ignore_errors=True)
        return ""

    def close(self) -> None:
        """Stop its session host and every process of it, remove the account and its home, and
        take it off the computers (their sshd_config loses it at their next start)."""
        if self.closed:
            return
        self.closed = True
        problems: list[str] = []
        try:
            self.stop_host()
        except Exception as exc:  # noqa: BLE001 - remove the account all the same
            problems.append(str(exc))
        alive = self.end_processes()
        if alive:
            problems.append(f"processes of {self.name} would not end: {alive}")
        problem = self._userdel()
        if problem:
            problems.append(problem)
        for computer in self.computers:
            if self in computer.accounts:
                computer.accounts.remove(self)
        if self in self.lab.accounts:
            self.lab.accounts.remove(self)
        if problems:
            raise AssertionError(f"removing the account {self.name}:\n" + "\n".join(problems))


# ---------------------------------------------------------------- raw paramiko access
# For tests that look at a computer from the outside, without pshell's SSH client.

def paramiko_client(lab: SshLab, name: str, *, load_known_hosts: bool = True, user: str | None = None) -> Any:
    """A paramiko SSHClient connected to the computer as the lab's ssh config describes it
    (host, port, user, key, known_hosts), refusing unknown host keys (RejectPolicy). `user`:
    log in as that account instead (another Account of the lab, say)."""
    import paramiko

    entry = paramiko.SSHConfig.from_path(str(lab.ssh_config)).lookup(name)
    client = paramiko.SSHClient()
    if load_known_hosts:
        client.load_host_keys(entry["userknownhostsfile"])
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    try:
        client.connect(entry["hostname"], port=int(entry["port"]), username=user or entry["user"],
                       key_filename=entry["identityfile"], look_for_keys=False, allow_agent=False,
                       timeout=WAIT, banner_timeout=WAIT, auth_timeout=WAIT)
    except BaseException:
        client.close()
        raise
    return client


class FrameChannel:
    """pshell frames over an SSH channel on which the `pshell` subsystem runs."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel
        self.channel.settimeout(WAIT)
        self.next_id = 0

    def send(self, message: dict[str, Any]) -> None:
        from pshell.wire import frames

        self.channel.sendall(frames.encode(message))

    def read(self) -> dict[str, Any]:
        from pshell.wire import frames

        return frames.read_frame(self.channel.recv)

    def hello(self) -> dict[str, Any]:
        """Send the handshake; the welcome (or the error frame the host answered with)."""
        from pshell.wire import frames

        self.send({"type": "hello", "protocol": frames.PROTOCOL_VERSION, "client": "pshell-tests/ssh",
                   "client_id": str(uuid.uuid4()), "host": socket.gethostname(), "pid": os.getpid()})
        return self.read()

    def request(self, op: str, **args: Any) -> dict[str, Any]:
        """Send a request and return its reply (frames in between are skipped)."""
        self.next_id += 1
        self.send({"type": "request", "id": self.next_id, "op": op, "args": args})
        while True:
            frame = self.read()
            if frame.get("type") == "reply" and frame.get("id") == self.next_id:
                return frame
            if frame.get("type") == "error":
                raise AssertionError(f"the session host answered {op} with an error frame: {frame}")

    def close(self) -> None:
        self.channel.close()


def open_pshell_channel(client: Any) -> FrameChannel:
    """A new channel on the connection with the `pshell` subsystem running on it."""
    channel = client.get_transport().open_session(timeout=WAIT)
    channel.invoke_subsystem(SUBSYSTEM)
    return FrameChannel(channel)
