"""The session history: Get-History, Add-History, Clear-History, Invoke-History."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from pshell.cmdlets._command_info import qualified_id
from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.members import get_property
from pshell.engine.values import to_string
from pshell.errors import ErrorCategory, ErrorRecord
from pshell.format.views import TableView, ViewColumn, register_view


@dataclass
class HistoryInfo:
    """One entry of the session history."""

    Id: int
    CommandLine: str
    ExecutionStatus: str = "Completed"
    StartExecutionTime: _dt.datetime | None = None
    EndExecutionTime: _dt.datetime | None = None

    PS_TYPE_NAMES = ("Microsoft.PowerShell.Commands.HistoryInfo", "System.Object")
    PS_PROPERTIES = ("Id", "CommandLine", "ExecutionStatus", "StartExecutionTime", "EndExecutionTime", "Duration")

    @property
    def Duration(self) -> _dt.timedelta:
        if self.StartExecutionTime is None or self.EndExecutionTime is None:
            return _dt.timedelta(0)
        return self.EndExecutionTime - self.StartExecutionTime

    def ToString(self) -> str:
        return self.CommandLine


def duration_text(duration: _dt.timedelta) -> str:
    """History's Duration column: s.fff, m:ss.fff, h:mm:ss.fff (hours past ten as a plain count)."""
    millis = int(duration.total_seconds() * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if hours:
        return f"{hours}:{minutes:02}:{seconds:02}.{millis:03}"
    if minutes:
        return f"{minutes}:{seconds:02}.{millis:03}"
    return f"{seconds}.{millis:03}"


register_view(TableView(("Microsoft.PowerShell.Commands.HistoryInfo",), [
    ViewColumn("Id", width=4, align="right"),
    ViewColumn("Duration", lambda h: duration_text(h.Duration), width=12, align="right"),
    ViewColumn("CommandLine"),
]))


def history_entries(context: Any) -> list[HistoryInfo]:
    out: list[HistoryInfo] = []
    for index, entry in enumerate(context.history, 1):
        if isinstance(entry, HistoryInfo):
            out.append(entry)
        elif isinstance(entry, str):
            out.append(HistoryInfo(index, entry))
        else:
            out.append(HistoryInfo(int(getattr(entry, "Id", index)), to_string(getattr(entry, "CommandLine", entry)),
                                   StartExecutionTime=getattr(entry, "StartExecutionTime", None),
                                   EndExecutionTime=getattr(entry, "EndExecutionTime", None)))
    return out


@cmdlet(
    "Get-History", aliases=("h", "history", "ghy"), synopsis="Gets a list of the commands entered during the "
                                                             "current session.",
    description="Gets the command lines run in this session, oldest first. -Count gets only the most recent ones.",
    outputs="Microsoft.PowerShell.Commands.HistoryInfo",
    related=("Add-History", "Clear-History", "Invoke-History"),
    examples=[Example("Add-History -InputObject @{CommandLine='Get-Date'}, @{CommandLine='Get-Location'}; "
                      "Get-History -Count 2 | Select-Object -ExpandProperty CommandLine",
                      "Gets the last two command lines.", output="Get-Date\nGet-Location"),
              Example("Get-History -Count 2", "Shows the last two entries with their durations.", runnable=False)],
)
class GetHistory(Cmdlet):
    Id = Param("long[]", position=0, pipeline=True, help="Ids of the entries to get.")
    Count = Param("int", position=1, range=(0, 32767), help="How many of the most recent entries to get.")

    def process(self) -> None:
        entries = history_entries(self.context)
        if self.Id:
            wanted = [int(i) for i in self.Id]
            for i in wanted:
                hits = [e for e in entries if e.Id == i]
                if not hits:
                    self.write_error(ErrorRecord(f"Cannot locate history for Id {i}.", qualified_id("GetHistoryNoHistoryForId", "Get-History"),
                                                 ErrorCategory.ObjectNotFound, target=i,
                                                 exception_type="System.ArgumentException"))
                for hit in hits:
                    self.write_output(hit)
            return
        if self.Count is not None:
            entries = entries[-int(self.Count):] if self.Count else []
        for entry in entries:
            self.write_output(entry)


@cmdlet(
    "Add-History", synopsis="Appends entries to the session history.",
    description="Adds objects with a CommandLine property (such as those Get-History returns) to the history.",
    related=("Get-History",),
    examples=[Example("Add-History -InputObject @{CommandLine='Get-Date'}; (Get-History)[-1].CommandLine",
                      "Adds a command line to the history.", output="Get-Date")],
)
class AddHistory(Cmdlet):
    InputObject = Param("psobject[]", position=0, pipeline=True, help="Objects with a CommandLine property.")
    Passthru = Param("switch", help="Outputs the new history entries.")

    def process(self) -> None:
        for item in self.InputObject or []:
            line = to_string(get_property(item, "CommandLine"))
            entry = HistoryInfo(len(self.context.history) + 1, line,
                                StartExecutionTime=get_property(item, "StartExecutionTime"),
                                EndExecutionTime=get_property(item, "EndExecutionTime"))
            self.context.history.append(entry)
            if self.Passthru:
                self.write_output(entry)


@cmdlet(
    "Clear-History", aliases=("clhy",), synopsis="Deletes entries from the command history.",
    description="Deletes all history entries, or those with the given ids, or the last -Count of them.",
    related=("Get-History",),
    examples=[Example("Add-History -InputObject @{CommandLine='x'}; Clear-History; @(Get-History).Count",
                      "Empties the history.", output="0")],
)
class ClearHistory(Cmdlet):
    Id = Param("int[]", position=0, help="Ids of the entries to delete.")
    Count = Param("int", help="Deletes this many of the most recent entries.")

    def process(self) -> None:
        history = self.context.history
        entries = history_entries(self.context)
        if self.Id:
            keep = [h for h, e in zip(history, entries) if e.Id not in {int(i) for i in self.Id}]
        elif self.Count is not None:
            keep = history[: max(0, len(history) - int(self.Count))]
        else:
            keep = []
        history[:] = keep


@cmdlet(
    "Invoke-History", aliases=("r", "ihy"), synopsis="Runs commands from the session history.",
    description="Runs the most recent command line again, or the one with the given id, after printing it.",
    related=("Get-History",),
    examples=[Example("Add-History -InputObject @{CommandLine='1 + 1'}; Invoke-History",
                      "Runs the last command line again.", output="1 + 1\n2")],
)
class InvokeHistory(Cmdlet):
    Id = Param("string", position=0, help="The id (or the beginning of the command line) of the entry to run.")

    def process(self) -> None:
        entries = history_entries(self.context)
        wanted = to_string(self.Id) if self.Id is not None else ""
        if wanted.isdigit():
            hits = [e for e in entries if e.Id == int(wanted)]
        else:
            hits = [e for e in reversed(entries) if e.CommandLine.startswith(wanted)][:1]
        if not hits:
            self.throw(f"Cannot locate history{' for Id ' + wanted if wanted else ''}.", qualified_id("InvokeHistoryNoHistory", "Invoke-History"),
                       ErrorCategory.ObjectNotFound, target=wanted)
        line = hits[0].CommandLine
        self.context.host.write_line(line)
        for item in self.context.invoke_text(line):
            self.write_output(item)
