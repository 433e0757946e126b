"""Session configurations live on the computer: changed there (run with Invoke-Command) by its
administrator (root), read by every account, refused to anyone else with Access is denied;
the document's `Connect-PSSession -ComputerName Server01 -Name Test -SessionOption $o`; and a
loopback session made with -EnableNetworkAccess cannot be connected over SSH.

Account A is the lab's user (root); account B a second Unix account (`ssh_account`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ssh_agent import Agent, agent  # noqa: F401 - the fixture
from ssh_helpers import REPO, Account, SshLab, unavailable

TIMEOUT = 120


def run(lab: SshLab, script: str, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(lab.env, COLUMNS="160")
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    return subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c", script], env=env, capture_output=True,
                          text=True, timeout=TIMEOUT, cwd=str(REPO), stdin=subprocess.DEVNULL, check=False)


def describe(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"


def test_root_changes_a_computers_configurations_and_another_account_is_denied(ssh_clean: SshLab,
                                                                               ssh_account: Account,
                                                                               tmp_path: Path) -> None:
    lab, b = ssh_clean, ssh_account
    if b.python() is None:
        unavailable(f"the account {b.name} has no python3 >= 3.10 on its PATH to run pshell with")
    lab.computers(2)
    lab.computer("Server01").allow(b)
    cache = tmp_path / "client-cache"

    admin = run(lab, """
Invoke-Command -ComputerName Server01 {
    $o = New-PSTransportOption -IdleTimeoutSec 172800 -MaxIdleTimeoutSec 259200
    Register-PSSessionConfiguration -Name Test -TransportOption $o | Out-Null
    Get-PSSessionConfiguration | Format-Table Name, IdleTimeoutMs, MaxIdleTimeoutMs
}
"server02: $((Invoke-Command -ComputerName Server02 { Get-PSSessionConfiguration }).Name -join ',')"
"here: $((Get-PSSessionConfiguration).Name -join ',')"
$s = New-PSSession -ComputerName Server01 -ConfigurationName Test
"session: $($s.ConfigurationName) $($s.IdleTimeout)"
Remove-PSSession $s
""", cache)
    assert admin.returncode == 0 and not admin.stderr, describe(admin)
    rows = [line.split() for line in admin.stdout.splitlines() if line.startswith(("Microsoft.PowerShell ", "Test "))]
    assert rows == [["Microsoft.PowerShell", "7200000", "2147483647"], ["Test", "172800000", "259200000"]], \
        describe(admin)
    assert "server02: Microsoft.PowerShell" in admin.stdout and "here: Microsoft.PowerShell" in admin.stdout, \
        describe(admin)  # each computer has its own
    assert "session: Test 172800000" in admin.stdout, describe(admin)

    other = run(lab, f"""
Invoke-Command -ComputerName Server01 -UserName {b.name} {{ "seen: $((Get-PSSessionConfiguration).Name -join ',')" }}
Invoke-Command -ComputerName Server01 -UserName {b.name} {{ Register-PSSessionConfiguration -Name Mine }}
Invoke-Command -ComputerName Server01 -UserName {b.name} {{
    Set-PSSessionConfiguration -Name Test -TransportOption (New-PSTransportOption -MaxSessions 1) }}
Invoke-Command -ComputerName Server01 -UserName {b.name} {{ Unregister-PSSessionConfiguration -Name Test }}
$s = New-PSSession -ComputerName Server01 -UserName {b.name} -ConfigurationName Test
"b session: $($s.ConfigurationName) $($s.IdleTimeout)"
Remove-PSSession $s
""", cache)
    err = " ".join(other.stderr.split())
    assert "seen: Microsoft.PowerShell,Test" in other.stdout, describe(other)
    for cmdlet in ("Register", "Set", "Unregister"):
        assert f"{cmdlet}-PSSessionConfiguration: Access is denied." in err, describe(other)
    assert "Traceback" not in other.stderr and "b session: Test 172800000" in other.stdout, describe(other)

    after = run(lab, "Invoke-Command -ComputerName Server01 { Get-PSSessionConfiguration Test } | "
                     "ForEach-Object { \"$($_.Name) $($_.MaxSessions) $($_.PSComputerName)\" }", cache)
    assert after.stdout.splitlines() == ["Test 1000 Server01"], describe(after)


def test_the_documents_connect_with_a_session_option_on_server01(ssh_clean: SshLab) -> None:
    ssh_clean.computers(1)
    done = run(ssh_clean, """
New-PSSession -ComputerName Server01 -Name Test | Disconnect-PSSession | Out-Null
$o = New-PSSessionOption -OutputBufferingMode Drop -IdleTimeoutMSec 600000
Connect-PSSession -ComputerName Server01 -Name Test -SessionOption $o |
    ForEach-Object { "$($_.Name) $($_.State) $($_.OutputBufferingMode) $($_.IdleTimeout)" }
Get-PSSession -ComputerName Server01 -Name Test | Remove-PSSession
""")
    assert done.returncode == 0 and not done.stderr, describe(done)
    assert done.stdout.splitlines() == ["Test Opened Drop 7200000"], describe(done)  # the idle timeout stays


def test_a_loopback_network_access_session_is_not_connected_over_ssh(ssh_clean: SshLab) -> None:
    # "This computer, over SSH": a lab computer whose session host is the clients' own.
    ssh_clean.computer("Loopback", setenv={"PSHELL_STATE_DIR": str(ssh_clean.client_state_dir)}).start()
    ssh_clean.write_client_files()
    done = run(ssh_clean, """
New-PSSession -ComputerName localhost -Name Net -EnableNetworkAccess | Disconnect-PSSession | Out-Null
New-PSSession -ComputerName localhost -Name Plain | Disconnect-PSSession | Out-Null
"listed: $((Get-PSSession -ComputerName Loopback | Sort-Object Name).Name -join ',')"
Connect-PSSession -ComputerName Loopback -Name Net
"plain: $((Connect-PSSession -ComputerName Loopback -Name Plain).State)"
"local: $((Connect-PSSession -ComputerName localhost -Name Net).State)"
Get-PSSession -ComputerName localhost | Remove-PSSession
""")
    err = " ".join(done.stderr.split())
    assert "listed: Net,Plain" in done.stdout, describe(done)
    assert ("it was created using the EnableNetworkAccess parameter and can only be reconnected from the local "
            "computer") in err and "Traceback" not in done.stderr, describe(done)
    assert "plain: Opened" in done.stdout and "local: Opened" in done.stdout, describe(done)


def test_network_access_over_ssh_gets_the_forwarded_agent(ssh_clean: SshLab, agent: Agent, tmp_path: Path) -> None:
    ssh_clean.computers(1)
    config = tmp_path / "config"
    config.write_text(ssh_clean.ssh_config.read_text() + "\nHost *\n    ForwardAgent yes\n")
    env = dict(ssh_clean.env, PSHELL_SSH_CONFIG=str(config), SSH_AUTH_SOCK=str(agent.socket))
    done = subprocess.run([sys.executable, "-m", "pshell", "-NoProfile", "-c", """
$net = New-PSSession -ComputerName Server01 -EnableNetworkAccess
$plain = New-PSSession -ComputerName Server01
Invoke-Command $net { "net: [$($null -ne $env:SSH_AUTH_SOCK)]"; ssh-add -l } -HideComputerName
Invoke-Command $plain { "plain: [$env:SSH_AUTH_SOCK]" } -HideComputerName
Remove-PSSession $net, $plain
"""], env=env, capture_output=True, text=True, timeout=TIMEOUT, cwd=str(REPO), stdin=subprocess.DEVNULL, check=False)
    lines = done.stdout.splitlines()
    assert "net: [True]" in lines and "plain: []" in lines, describe(done)
    assert any(line.endswith("network-access-test (ED25519)") for line in lines), describe(done)
