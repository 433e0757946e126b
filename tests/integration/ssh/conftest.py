"""Fixtures for the SSH transport tests: real OpenSSH servers on 127.0.0.1 (ssh_helpers.py).

`ssh_lab` (one per test session, so each sshd starts once): `ssh_lab.computers(2)` gives
Server01 and Server02, each its own sshd, host key and session host; `ssh_lab.env` is the
environment for client processes (PSHELL_SSH_CONFIG, a private client-side
PSHELL_STATE_DIR, no SSH agent). `ssh_clean` is the same lab with every session host (the
computers' and the client's) stopped before and after the test, for tests that must start
with no sessions anywhere. `ssh_account` is a second Unix account of this machine, made for
the test and removed after it (its session host stopped, its processes ended, `userdel -r`),
even when the test fails; it needs root.

Without sshd or ssh-keygen (or, for `ssh_account`, root) these tests are skipped, or failed
when CI=true.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ssh_helpers import Account, SshLab


@pytest.fixture(scope="session")
def ssh_lab() -> Iterator[SshLab]:
    lab = SshLab()
    try:
        yield lab
    finally:
        lab.close()


@pytest.fixture
def ssh_clean(ssh_lab: SshLab) -> Iterator[SshLab]:
    ssh_lab.stop_hosts()
    try:
        yield ssh_lab
    finally:
        ssh_lab.stop_hosts()


@pytest.fixture
def ssh_account(ssh_clean: SshLab) -> Iterator[Account]:
    account = ssh_clean.account()
    try:
        yield account
    finally:
        account.close()
