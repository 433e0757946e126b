"""The zipapp of pshell that is brought along to computers without pshell (pshell/remoting/zipapp.py)."""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pshell import __version__
from pshell.remoting import zipapp

TIMEOUT = 120


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(zipapp.build(str(tmp_path_factory.mktemp("zipapp-cache"))))


def run(python: str, archive: Path, script: str, cwd: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The archive run as a computer without pshell would: no PYTHONPATH, in a folder of its own
    (the grammar cache goes to a cache folder there too)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "PSHELL_STATE_DIR"}
    env.update(PYTHONPATH="", XDG_CACHE_HOME=str(cwd / "cache"), HOME=str(cwd))
    return subprocess.run([python, *options, str(archive), "-c", script], cwd=str(cwd), env=env,
                          capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL, check=False)


def describe(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"


def test_the_archive_holds_pshell_its_grammar_and_what_the_session_host_needs(archive: Path) -> None:
    assert archive.name == f"zipapp-{__version__}-{zipapp.key(zipapp.sources())}.pyz"
    names = zipfile.ZipFile(archive).namelist()
    assert "__main__.py" in names and "pshell/cli.py" in names and "pshell/__main__.py" in names
    assert "pshell/grammar/pshell.lark" in names
    assert "pshell/cmdlets/" in names  # a package without __init__.py is found by its directory entry
    for package in ("lark", "rich", "markdown_it", "mdurl", "pygments"):
        assert f"{package}/__init__.py" in names
    tops = {name.split("/")[0] for name in names}
    assert not tops & {"paramiko", "prompt_toolkit", "psutil"}
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".so"))]


def test_the_archive_runs_pshell(archive: Path, tmp_path: Path) -> None:
    done = run(sys.executable, archive, "1+1", tmp_path)
    assert done.returncode == 0 and done.stdout.split() == ["2"] and not done.stderr, describe(done)


def test_the_archive_needs_nothing_installed(archive: Path, tmp_path: Path) -> None:
    """-S: no site-packages at all, so lark, rich, ... come from the archive; psutil is missing,
    and only the commands that read processes say so."""
    done = run(sys.executable, archive, "1+1; 'a','b' | Format-Table; (Get-Uptime).TotalSeconds -gt 0; "
               "try { Get-Process -Id $PID } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }", tmp_path, "-S")
    assert done.returncode == 0 and not done.stderr, describe(done)
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    assert lines[0] == "2" and "True" in lines, describe(done)
    assert "PsutilNotAvailable,Microsoft.PowerShell.Commands.GetProcessCommand" in lines, describe(done)
    assert any("the Python module psutil is not available" in line for line in lines), describe(done)


def test_the_archive_runs_on_python_310(archive: Path, tmp_path: Path) -> None:
    """The oldest Python pshell supports, when this machine has one."""
    pyenv = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = [p for p in sorted(glob.glob(f"{pyenv}/versions/3.10*/bin/python3.10")) + ["/usr/bin/python3.10"]
             if os.access(p, os.X_OK)]
    if not found:
        pytest.skip("no Python 3.10 here")
    done = run(found[0], archive, "1+1; Get-Date -Year 2020 -Month 1 -Day 2 -Format yyyy-MM-dd", tmp_path, "-S")
    assert done.returncode == 0 and done.stdout.split() == ["2", "2020-01-02"] and not done.stderr, describe(done)


def test_a_built_archive_is_reused_and_the_same_sources_make_the_same_bytes(archive: Path, tmp_path: Path) -> None:
    before = archive.stat()
    assert zipapp.build(str(archive.parent)) == str(archive)
    assert archive.stat().st_mtime_ns == before.st_mtime_ns
    other = tmp_path / "again.pyz"
    zipapp.write(zipapp.sources(), str(other))
    assert other.read_bytes() == archive.read_bytes()
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]  # no partial file left


def test_the_key_changes_when_a_file_changes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text("x = 1\n")
    second.write_text("y = 2\n")
    entries = [("pkg/a.py", first), ("pkg/b.py", second)]
    key = zipapp.key(entries)
    assert zipapp.key(entries) == key and len(key) == 16
    assert zipapp.key(entries[:1]) != key  # a file less
    assert zipapp.key([("pkg/c.py", first), ("pkg/b.py", second)]) != key  # renamed
    first.write_text("x = 10\n")  # another size
    assert zipapp.key(entries) != key
    key = zipapp.key(entries)
    stat = first.stat()
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # same size, touched
    assert zipapp.key(entries) != key


def test_a_missing_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipapp, "PACKAGES", zipapp.PACKAGES + ("no_such_package_here",))
    with pytest.raises(zipapp.ZipappError, match="'no_such_package_here' that pshell needs is not installed"):
        zipapp.sources()


def test_archives_of_older_sources_are_removed_by_the_next_build(tmp_path: Path) -> None:
    old, recent = tmp_path / "zipapp-0.0.1-0123456789abcdef.pyz", tmp_path / "zipapp-0.0.2-0123456789abcdef.pyz"
    other = tmp_path / "grammar-0.0.1.lark-cache"
    for path in (old, recent, other):
        path.write_bytes(b"x")
    os.utime(old, (1, 1))
    os.utime(other, (1, 1))
    built = Path(zipapp.build(str(tmp_path)))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([built.name, recent.name, other.name])
