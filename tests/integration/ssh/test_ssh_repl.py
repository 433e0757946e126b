"""The interactive shell and SSH: an unknown host key is asked about as ssh asks, in a real terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from ssh_helpers import SshLab

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_repl import Terminal, start  # noqa: E402,F401 - `start` is the fixture that opens a terminal


def test_the_repl_asks_about_an_unknown_host_key_and_remembers_it(start: Callable[..., Terminal],
                                                                  ssh_clean: SshLab, tmp_path: Path) -> None:
    server = ssh_clean.computers(1)[0]
    known = tmp_path / "known_hosts"
    config = tmp_path / "config"
    config.write_text(f"""Host Stranger
    HostName 127.0.0.1
    Port {server.port}
    User {ssh_clean.user}
    IdentityFile {ssh_clean.client_key}
    IdentitiesOnly yes
    UserKnownHostsFile {known}
""", encoding="utf-8")
    env = {"PSHELL_SSH_CONFIG": str(config), "PSHELL_STATE_DIR": str(ssh_clean.client_state_dir)}
    term = start("-NoProfile", env=env)
    term.type("$s = New-PSSession -ComputerName Stranger")
    term.send("Enter")
    term.wait_for(lambda lines: any("Are you sure you want to continue connecting (yes/no)?" in line
                                    for line in lines), "the host key question")
    screen = "\n".join(term.lines())
    assert "The authenticity of host '[127.0.0.1]:" in screen and "key fingerprint is SHA256:" in screen, screen
    term.type("yes")
    term.send("Enter")
    term.wait_prompt(2)
    term.type("\"state=$($s.State)\"; Remove-PSSession $s")
    term.send("Enter")
    term.wait_line("state=Opened")
    assert f"[127.0.0.1]:{server.port}" in known.read_text(encoding="utf-8")
