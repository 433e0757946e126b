"""Start-Job: run a script block as a background job, in a separate process on this computer."""

from __future__ import annotations

import os
from typing import Any

from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.values import ScriptBlock, to_string
from pshell.errors import ErrorCategory


@cmdlet(
    "Start-Job", aliases=("sajb",), default_set="ScriptBlock",
    synopsis="Starts a PowerShell background job.",
    description="Runs a script block (or a local script, -FilePath) as a background job: in a separate pshell "
    "process on this computer, so the shell stays free while it runs (a long or CPU-bound job does not hold it "
    "up). Returns the job at once: a BackgroundJob (Location localhost) with one child job that does the work; "
    "the job's Id and Name (default Job<Id>) identify it to Get-Job, Receive-Job, Wait-Job, Stop-Job and "
    "Remove-Job. The job starts in the current location (-WorkingDirectory: another one). -ArgumentList values "
    "bind to the block's param() or $args; $using:name passes the value of a variable of this shell; pipeline "
    "input (or -InputObject) is the job's $input. Values reach the job, and its output comes back, as "
    "deserialized copies.",
    outputs="System.Management.Automation.PSRemotingJob",
    related=("Get-Job", "Receive-Job", "Wait-Job", "Stop-Job", "Remove-Job", "Invoke-Command"),
    examples=[
        Example("(Start-Job { 1 }).PSJobTypeName", "Starts a job; it is a background job.", output="BackgroundJob"),
        Example("$job = Start-Job -Name Squares { param($n) $n * $n } -ArgumentList 12\n$job.Name",
                "Names a job and passes it an argument.", output="Squares"),
        Example("Start-Job { Get-ChildItem -Recurse /var/log }\nReceive-Job -Id 1 -Wait",
                "Lists files in the background, then waits for the job and gets its output.", runnable=False),
        Example("$limit = 1000\n$job = Start-Job { 1..$using:limit | Measure-Object -Sum }",
                "Passes a value of this shell into the job with $using:.", runnable=False),
        Example("Start-Job -FilePath ./report.ps1 -WorkingDirectory /srv/data",
                "Runs a local script as a job, in another directory.", runnable=False),
    ],
)
class StartJob(Cmdlet):
    ScriptBlock = Param("scriptblock", position=0, mandatory=True, aliases=("Command",), sets=("ScriptBlock",),
                        help="The commands the job runs.")
    FilePath = Param("string", position=0, mandatory=True, sets=("FilePath",),
                     help="A local script the job runs (its text is sent to the job).")
    Name = Param("string", help="A name for the job (default: Job<Id>).")
    ArgumentList = Param("object[]", aliases=("Args",), help="Values for the block's parameters or $args.")
    InputObject = Param("object", pipeline=True, help="Input for the job ($input).")
    WorkingDirectory = Param("string", help="The directory the job starts in (default: the current location).")

    def begin(self) -> None:
        self._input: list[Any] = []

    def process(self) -> None:
        if self.expecting_input:
            self._input.append(self.InputObject)

    def end(self) -> None:
        from pshell.jobs.background import start_background_job

        block = self._script_block()
        location = self._working_directory()
        if self.expecting_input:
            items: list[Any] | None = self._input
        elif self.is_bound("InputObject"):
            items = [self.InputObject]
        else:
            items = None
        name = to_string(self.Name) if self.Name is not None and to_string(self.Name) != "" else None
        job = start_background_job(self.context, block, list(self.ArgumentList or []), name, items,
                                   location=location)
        self.write_output(job)

    def _script_block(self) -> ScriptBlock:
        if self.parameter_set != "FilePath":
            return self.ScriptBlock
        from pshell.errors import ParseError
        from pshell.syntax.parser import parse

        path = self.context.resolve_path(to_string(self.FilePath))
        try:
            with open(path, encoding="utf-8-sig") as f:
                text = f.read()
        except FileNotFoundError:
            self.throw(f"Cannot find path '{path}' because it does not exist.", "PathNotFound",
                       ErrorCategory.ObjectNotFound, target=path,
                       exception_type="System.Management.Automation.ItemNotFoundException")
        except OSError as exc:
            self.throw(f"Cannot read '{path}': {exc.strerror}", "FileReadError", ErrorCategory.ReadError, target=path)
        try:
            body = parse(text, path)
        except ParseError as err:
            self.throw(err.record)
        return ScriptBlock(body, text, path)

    def _working_directory(self) -> str:
        if self.WorkingDirectory is None or to_string(self.WorkingDirectory) == "":
            return self.context.location
        path = self.context.resolve_path(to_string(self.WorkingDirectory))
        if not os.path.isdir(path):
            self.throw(f"The directory '{path}' does not exist.", "DirectoryNotFoundException",
                       ErrorCategory.InvalidOperation, target=path, exception_type="System.IO.DirectoryNotFoundException")
        return path
