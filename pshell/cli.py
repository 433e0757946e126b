"""The `pshell` command line: REPL, script files, -Command, and the session host."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from pshell import __version__

if TYPE_CHECKING:
    from pshell.shell import Shell

USAGE = """Usage: pshell [-NoProfile] [-NonInteractive] [-Command <text> | -c <text> | -Command -]
              [-File] <script.ps1> [args...]
       pshell -Version | -Help

  (no arguments)      start the interactive shell
  <script.ps1> args   run a script file; args bind to its param() block or $args
  -Command, -c TEXT   run TEXT; '-' reads the script from standard input
  -NoProfile, -nop    do not load the profile (~/.config/pshell/profile.ps1)
  -NonInteractive     never prompt
  -Version, -v        print the version
  -Help, -h, -?       print this help
  --debug             show Python tracebacks for internal errors
"""


@dataclass
class Options:
    command: str | None = None
    file: str | None = None
    args: list[str] = field(default_factory=list)
    no_profile: bool = False
    non_interactive: bool = False
    debug: bool = False
    version: bool = False
    help: bool = False
    error: str | None = None


_FLAGS = {
    "noprofile": "no_profile", "nop": "no_profile",
    "noninteractive": "non_interactive", "noni": "non_interactive",
    "nologo": None, "executionpolicy": "skip_value", "ep": "skip_value",
    "version": "version", "v": "version", "help": "help", "h": "help", "?": "help",
}


def parse_args(argv: Sequence[str]) -> Options:
    opts = Options()
    i = 0
    while i < len(argv):
        arg = argv[i]
        low = arg.lower().lstrip("-") if arg.startswith("-") else ""
        if arg == "--debug":
            opts.debug = True
        elif arg.startswith("-") and low in ("command", "c"):
            rest = argv[i + 1 :]
            if not rest:
                opts.error = "Cannot process the command because of a missing parameter. A command must follow -Command."
                return opts
            opts.command = " ".join(rest)
            return opts
        elif arg.startswith("-") and low in ("file", "f"):
            if i + 1 >= len(argv):
                opts.error = "Cannot process the command because of a missing parameter. A file path must follow -File."
                return opts
            opts.file, opts.args = argv[i + 1], list(argv[i + 2 :])
            return opts
        elif arg.startswith("-") and low in _FLAGS:
            flag = _FLAGS[low]
            if flag == "skip_value":
                i += 1
            elif flag:
                setattr(opts, flag, True)
        elif arg.startswith("-") and len(arg) > 1:
            opts.error = f"The argument '{arg}' is not recognized. Run pshell -Help for the options."
            return opts
        else:
            opts.file, opts.args = arg, list(argv[i + 1 :])
            return opts
        i += 1
    return opts


def profile_path() -> str:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "pshell", "profile.ps1")


def _run_script(shell: "Shell", opts: Any) -> int:
    """`-Command`, a script file, or a script on standard input; returns the exit code."""
    if opts.command is not None:
        text = sys.stdin.read() if opts.command.strip() == "-" else opts.command
        ok = shell.execute(text)
        if shell.exit_code is not None:
            return shell.exit_code
        return 0 if ok and shell.context.last_success else 1
    if opts.file is not None:
        return shell.run_file(opts.file, opts.args)
    ok = shell.execute(sys.stdin.read())
    return shell.exit_code if shell.exit_code is not None else (0 if ok else 1)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "host":
        from pshell.host.cli import main as host_main

        return host_main(argv[1:])
    opts = parse_args(argv)
    if opts.error:
        print(opts.error, file=sys.stderr)
        return 64
    if opts.help:
        print(USAGE, end="")
        return 0
    if opts.version:
        print(f"pshell {__version__}")
        return 0
    from pshell.shell import Shell

    if opts.command is not None or opts.file is not None or not sys.stdin.isatty():
        shell = Shell(debug=opts.debug)
        try:
            return _run_script(shell, opts)
        finally:
            shell.close()
    from pshell.repl.app import run_repl

    return run_repl(no_profile=opts.no_profile, debug=opts.debug, profile=profile_path())
