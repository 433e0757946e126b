"""Starting the session host bridge on a computer reached over SSH.

In order: the SSH subsystem `pshell` (sshd_config: `Subsystem pshell /usr/bin/env pshell host
--stdio`), else `pshell host --stdio` on the computer's PATH.
"""

from __future__ import annotations

from typing import Any

import paramiko

BRIDGE_COMMAND = "pshell host --stdio"
OPEN_TIMEOUT = 30.0


def start_bridge(client: paramiko.SSHClient) -> Any:
    """A channel running the session host bridge on the computer."""
    transport = client.get_transport()
    if transport is None:
        raise paramiko.SSHException("the SSH connection is closed")
    channel = transport.open_session(timeout=OPEN_TIMEOUT)
    try:
        channel.invoke_subsystem("pshell")
        return channel
    except paramiko.SSHException:
        channel.close()
    channel = transport.open_session(timeout=OPEN_TIMEOUT)
    channel.exec_command(BRIDGE_COMMAND)
    return channel
