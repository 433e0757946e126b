"""Reaching another computer's session host over SSH (paramiko).

The user's OpenSSH client configuration decides how a computer name is reached
(`PSHELL_SSH_CONFIG`, else `~/.ssh/config`: Host aliases with wildcards, HostName, Port, User,
IdentityFile, UserKnownHostsFile, StrictHostKeyChecking, ServerAliveInterval). Host keys are
checked against known_hosts: an unknown key is refused unless StrictHostKeyChecking is
`accept-new` or `no` for that host (the REPL asks, as ssh does); a changed key is always
refused. On the computer the session host bridge is the SSH subsystem `pshell` (sshd_config:
`Subsystem pshell /usr/bin/env pshell host --stdio`), else `pshell host --stdio` on its PATH,
else pshell brought along as a zipapp (pshell/remoting/bootstrap.py).

One SSH connection per user@host:port carries every session to that computer (one channel
each); it closes when its last channel closes.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable

import paramiko

from pshell.errors import PSError
from pshell.remoting.bootstrap import start_bridge
from pshell.remoting.messages import connect_failed

if TYPE_CHECKING:
    from pshell.remoting.computers import Computer
    from pshell.remoting.connection import HostConnection

CONNECT_TIMEOUT = 30.0
logging.getLogger("paramiko").addHandler(logging.NullHandler())  # its errors reach users as PowerShell errors


def config_path() -> str:
    return os.environ.get("PSHELL_SSH_CONFIG") or os.path.join(os.path.expanduser("~"), ".ssh", "config")


@dataclass(frozen=True)
class Target:
    """Where a computer name leads, after the SSH client configuration."""

    name: str
    hostname: str
    port: int
    user: str
    identity_files: tuple[str, ...] = ()
    known_hosts_files: tuple[str, ...] = ()
    strict: str = "ask"  # StrictHostKeyChecking: ask (ssh's default) | yes | accept-new | no
    identities_only: bool = False
    keepalive: int = 0
    forward_agent: bool = False  # ForwardAgent yes: the bridge gets the client's SSH agent
    password: str | None = field(default=None, repr=False, compare=False)
    timeout: float = CONNECT_TIMEOUT
    options: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.user, self.hostname, self.port)


def target_for(name: str, *, user: str | None = None, port: int | None = None,
               key_file: str | None = None) -> Target:
    """The Target of a computer name, as ssh would resolve it."""
    options: dict[str, Any] = {}
    path = config_path()
    if os.path.isfile(path):
        try:
            config = paramiko.SSHConfig.from_path(path)
            # computer names are not case-sensitive in PowerShell: `server01` finds `Host Server01`
            exact = next((h for h in config.get_hostnames() if h.lower() == name.lower()), name)
            options = dict(config.lookup(exact))
        except (OSError, paramiko.SSHException, ValueError) as exc:
            raise PSError(connect_failed(name, f"Cannot read the SSH client configuration '{path}': {exc}")) from None
    known = tuple(os.path.expanduser(p) for p in str(options.get("userknownhostsfile") or "").split()) or \
        (os.path.join(os.path.expanduser("~"), ".ssh", "known_hosts"),)
    identities = tuple(os.path.expanduser(p) for p in options.get("identityfile") or ())
    if key_file:
        identities = (os.path.expanduser(key_file),) + identities
    return Target(name=name, hostname=str(options.get("hostname") or name),
                  port=int(port or options.get("port") or 22),
                  user=str(user or options.get("user") or _local_user()),
                  identity_files=identities, known_hosts_files=known,
                  strict=str(options.get("stricthostkeychecking") or "ask").lower(),
                  identities_only=str(options.get("identitiesonly") or "no").lower() == "yes",
                  keepalive=int(options.get("serveraliveinterval") or 0),
                  forward_agent=str(options.get("forwardagent") or "no").lower() == "yes", options=options)


def _local_user() -> str:
    import getpass

    return getpass.getuser()


class _AcceptNew(paramiko.MissingHostKeyPolicy):
    """StrictHostKeyChecking accept-new: remember a host seen for the first time."""

    def __init__(self, save_to: str | None) -> None:
        self.save_to = save_to

    def missing_host_key(self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey) -> None:
        client.get_host_keys().add(hostname, key.get_name(), key)
        if self.save_to:
            os.makedirs(os.path.dirname(self.save_to) or ".", exist_ok=True)
            with open(self.save_to, "a", encoding="utf-8") as f:
                f.write(f"{hostname} {key.get_name()} {key.get_base64()}\n")


class _Unknown(paramiko.MissingHostKeyPolicy):
    """StrictHostKeyChecking yes (non-interactive): refuse, saying what ssh would."""

    def missing_host_key(self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey) -> None:
        raise _UnknownHostKey(hostname, key)


_ASK_LOCK = threading.Lock()


class _Ask(paramiko.MissingHostKeyPolicy):
    """StrictHostKeyChecking yes or ask, in the REPL: ask as ssh does; yes remembers the key."""

    def __init__(self, ask: Callable[[str], str], save_to: str | None) -> None:
        self.ask = ask
        self.remember = _AcceptNew(save_to)

    def missing_host_key(self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey) -> None:
        with _ASK_LOCK:  # computers are connected to at the same time: one question at a time
            answer = self.ask(f"The authenticity of host '{hostname}' can't be established.\n"
                              f"{key.get_name()} key fingerprint is {fingerprint(key)}.\n"
                              "Are you sure you want to continue connecting (yes/no)? ")
        if answer.strip().lower() != "yes":
            raise _UnknownHostKey(hostname, key)
        self.remember.missing_host_key(client, hostname, key)


class _UnknownHostKey(paramiko.SSHException):
    def __init__(self, hostname: str, key: paramiko.PKey) -> None:
        super().__init__(hostname)
        self.hostname, self.key = hostname, key


def fingerprint(key: paramiko.PKey) -> str:
    import base64
    import hashlib

    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


class _Link:
    """One SSH connection and the channels (sessions' connections) that use it."""

    def __init__(self, target: Target, client: paramiko.SSHClient) -> None:
        self.target = target
        self.client = client
        self.channels = 0
        self.via: _Link | None = None  # the jump host's connection this one goes through (ProxyJump)


_LINKS: dict[tuple[str, str, int], _Link] = {}
_LINKS_LOCK = threading.Lock()  # guards _LINKS, _CONNECTING and the channel counts; never held while connecting
_CONNECTING: dict[tuple[str, str, int], threading.RLock] = {}  # one per user@host:port: one login at a time there


class _Transport(paramiko.Transport):
    """paramiko's transport, preferring AES-GCM when the server offers it (as OpenSSH's client
    does): one authenticated cipher instead of AES-CTR plus an HMAC, the faster of the two for
    a session's output."""

    _preferred_ciphers = tuple(sorted(paramiko.Transport._preferred_ciphers, key=lambda name: "-gcm@" not in name))


def _connect(target: Target, ask: Callable[[str], str] | None = None, sock: Any = None) -> paramiko.SSHClient:
    client = paramiko.SSHClient()
    for path in target.known_hosts_files:
        if os.path.isfile(path):
            client.load_host_keys(path)
    if target.strict == "no":
        client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    elif target.strict == "accept-new":
        client.set_missing_host_key_policy(_AcceptNew(target.known_hosts_files[0] if target.known_hosts_files
                                                      else None))
    elif ask is not None and target.strict == "ask":  # ssh's default; an explicit `yes` never asks
        client.set_missing_host_key_policy(_Ask(ask, target.known_hosts_files[0] if target.known_hosts_files else None))
    else:
        client.set_missing_host_key_policy(_Unknown())
    keys = [p for p in target.identity_files if os.path.isfile(p)]
    client.connect(target.hostname, port=target.port, username=target.user, key_filename=keys or None,
                   password=target.password, sock=sock,
                   allow_agent=not target.identities_only, look_for_keys=not target.identities_only,
                   timeout=target.timeout, banner_timeout=target.timeout, auth_timeout=target.timeout,
                   transport_factory=_Transport)
    transport = client.get_transport()
    if transport is not None:
        _no_delay(transport.sock)
        if target.keepalive:
            transport.set_keepalive(target.keepalive)
    return client


def _no_delay(sock: Any) -> None:
    """Send each SSH packet at once (TCP_NODELAY), as ssh does for interactive sessions. With
    Nagle's algorithm a small frame written while an earlier one is unacknowledged waits for the
    far side's delayed acknowledgement: 40 ms added to a command's round trip. (Through a
    ProxyJump host the socket is a channel: the jump host's own connection carries the packets.)"""
    if isinstance(sock, socket.socket) and sock.family in (socket.AF_INET, socket.AF_INET6):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass


def _explain(computer: str, target: Target, exc: BaseException) -> str:
    """What went wrong, as a sentence a user can act on."""
    where = f"{target.hostname}:{target.port}" if target.port != 22 else target.hostname
    if isinstance(exc, _UnknownHostKey):
        return (f"The authenticity of host '{where}' can't be established: its {exc.key.get_name()} key fingerprint is "
                f"{fingerprint(exc.key)} and it is not in known_hosts ({', '.join(target.known_hosts_files)}). "
                "Check the fingerprint, then add the key (for example by connecting once with ssh), or set "
                f"StrictHostKeyChecking accept-new for this host in {config_path()}.")
    if isinstance(exc, paramiko.BadHostKeyException):
        return (f"WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! The {exc.key.get_name()} host key of '{where}' "
                f"is {fingerprint(exc.key)}, not the one in known_hosts ({fingerprint(exc.expected_key)}). Someone "
                "could be eavesdropping on you right now, or the host key has just been changed. The connection "
                "was refused.")
    if isinstance(exc, paramiko.AuthenticationException):
        return f"Permission denied for {target.user}@{where}: {exc}"
    if isinstance(exc, socket.gaierror):
        return f"The computer name '{target.hostname}' could not be resolved: {exc.strerror or exc}."
    if isinstance(exc, ConnectionRefusedError) or (isinstance(exc, paramiko.ssh_exception.NoValidConnectionsError)):
        return f"The connection to {where} was refused (is sshd running there?)."
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f"The connection to {where} timed out."
    if isinstance(exc, (EOFError, ConnectionResetError)):
        return (f"The connection to {where} was closed before SSH could start on it (the server, or something "
                "between, ended it).")
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def open_host_connection(computer: "Computer", *, ask: Callable[[str], str] | None = None,
                         **ssh: Any) -> "HostConnection":
    """A HostConnection to the session host on the computer, over a channel of the shared SSH
    connection to it (made if needed). `ask` asks the user about an unknown host key (the
    REPL); without it an unknown key is refused. PSError with PowerShell's connect-failure text."""
    from pshell.remoting.connection import HostConnection
    from pshell.remoting.errors import HostError

    options = computer.ssh
    if options.key_file and not os.path.isfile(os.path.expanduser(options.key_file)):
        raise PSError(connect_failed(computer.name, f"The key file '{options.key_file}' does not exist.",
                                     "KeyFileNotFound,PSSessionOpenFailed"))
    target = target_for(computer.name, user=options.user, port=options.port, key_file=options.key_file, **ssh)
    if options.password is not None:
        target = replace(target, password=options.password)
    if options.open_timeout:
        target = replace(target, timeout=options.open_timeout)
    link = _link(computer.name, target, ask)
    try:
        channel = start_bridge(link.client, subsystem=options.subsystem,
                               forward_agent=target.forward_agent and bool(os.environ.get("SSH_AUTH_SOCK")))
        conn = HostConnection.over_channel(channel, on_close=lambda: _release(link))
    except HostError as exc:
        _release(link)
        raise PSError(connect_failed(computer.name, exc.record.message)) from None
    except (paramiko.SSHException, OSError, EOFError) as exc:
        _release(link)
        raise PSError(connect_failed(computer.name, _explain(computer.name, target, exc))) from None
    return conn


def _link(name: str, target: Target, ask: Callable[[str], str] | None = None) -> _Link:
    """The shared connection to a target (made if there is none, or it is dead), with one more
    channel counted on it. Connections to different computers are made at the same time
    (Invoke-Command -ComputerName a, b, c); two sessions to the same one wait for one login."""
    with _LINKS_LOCK:
        connecting = _CONNECTING.setdefault(target.key, threading.RLock())  # re-entered: ProxyJump to itself
    with connecting:
        with _LINKS_LOCK:
            link = _LINKS.get(target.key)
            if link is not None and _alive(link):
                link.channels += 1
                return link
        link = _new_link(name, target, ask)
        with _LINKS_LOCK:
            _LINKS[target.key] = link
            link.channels += 1
        return link


def _alive(link: _Link) -> bool:
    transport = link.client.get_transport()
    return transport is not None and transport.is_active()


def _new_link(name: str, target: Target, ask: Callable[[str], str] | None) -> _Link:
    """A new SSH connection to a target (through its ProxyJump host's, if it has one)."""
    via = _jump_link(name, target, ask)
    try:
        sock = None
        if via is not None:  # ProxyJump: a direct-tcpip channel through the jump host
            jump = via.client.get_transport()
            assert jump is not None
            sock = jump.open_channel("direct-tcpip", (target.hostname, target.port), ("127.0.0.1", 0),
                                     timeout=target.timeout)
        link = _Link(target, _connect(target, ask, sock))
    except (paramiko.SSHException, OSError, EOFError) as exc:
        if via is not None:
            _release(via)
        raise PSError(connect_failed(name, _explain(name, target, exc), _error_id(exc))) from None
    link.via = via
    return link


def _jump_link(name: str, target: Target, ask: Callable[[str], str] | None) -> _Link | None:
    """The connection to the ProxyJump host of a target (the first of a list), or None."""
    jump = str(target.options.get("proxyjump") or "").split(",")[0].strip()
    if not jump or jump.lower() == "none":
        return None
    user, _, rest = jump.rpartition("@")
    host, _, port = rest.partition(":")
    jump_target = target_for(host, user=user or None, port=int(port) if port.isdigit() else None)
    return _link(jump, jump_target, ask)


def _error_id(exc: BaseException) -> str:
    if isinstance(exc, paramiko.AuthenticationException):
        return "AccessDenied,PSSessionOpenFailed"
    if isinstance(exc, (_UnknownHostKey, paramiko.BadHostKeyException)):
        return "ServerNotTrusted,PSSessionOpenFailed"
    if isinstance(exc, socket.gaierror):
        return "ComputerNotFound,PSSessionOpenFailed"
    return "CannotConnect,PSSessionOpenFailed"


def _release(link: _Link) -> None:
    """A channel is done; the SSH connection closes with its last channel."""
    with _LINKS_LOCK:
        link.channels -= 1
        if link.channels > 0:
            return
        if _LINKS.get(link.target.key) is link:
            del _LINKS[link.target.key]
    link.client.close()
    if link.via is not None:
        _release(link.via)
