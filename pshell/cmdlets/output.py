"""Writing to the streams: Write-Output, Write-Host, Write-Error, Write-Warning, ..."""

from __future__ import annotations

from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.values import enumerate_value, to_string
from pshell.errors import ErrorCategory, ErrorRecord

_COLOURS = ("Black", "DarkBlue", "DarkGreen", "DarkCyan", "DarkRed", "DarkMagenta", "DarkYellow", "Gray",
            "DarkGray", "Blue", "Green", "Cyan", "Red", "Magenta", "Yellow", "White")
_CATEGORIES = tuple(n for n in vars(ErrorCategory) if not n.startswith("_"))


@cmdlet("Write-Output", aliases=("echo", "write"), synopsis="Writes the specified objects to the pipeline.",
        description="Sends objects down the pipeline. At the end of the pipeline they are shown on the console.",
        examples=[Example("Write-Output 1+2", "Arguments are strings in argument mode.", output="1+2"),
                  Example("Write-Output (1+2)", "Parentheses evaluate an expression.", output="3"),
                  Example("Write-Output 1,2 -NoEnumerate | Measure-Object | Select-Object -ExpandProperty Count",
                          "Sends the array as one object.", output="1")])
class WriteOutput(Cmdlet):
    InputObject = Param("psobject[]", position=0, pipeline=True, remaining=True, help="The objects to send down the pipeline.")
    NoEnumerate = Param("switch", help="Send a collection as one object.")

    def process(self) -> None:
        value = self.InputObject
        if value is None:
            return
        if isinstance(value, list) and len(value) == 1 and not self.NoEnumerate:
            value = value[0]
            if isinstance(value, list):
                for item in value:
                    self.write_output(item)
                return
        if self.NoEnumerate:
            self.write_output(value if not (isinstance(value, list) and len(value) == 1) else value[0])
        else:
            self.write_output(value, enumerate=True)


@cmdlet("Write-Host", synopsis="Writes text to the host (the console), not to the pipeline.",
        examples=[Example("Write-Host 'Hello' -ForegroundColor Green", "Writes Hello in green.", output="Hello"),
                  Example("Write-Host a b -Separator ','", "Joins the objects with a separator.", output="a,b"),
                  Example("Write-Host 'no newline' -NoNewline; Write-Host '!'", "Stays on the line.", output="no newline!")])
class WriteHost(Cmdlet):
    Object = Param("object[]", position=0, pipeline=True, remaining=True, help="What to write.")
    NoNewline = Param("switch", help="Do not end with a newline.")
    Separator = Param("object", default=" ", help="Text between the objects.")
    ForegroundColor = Param("string", choices=_COLOURS, help="Text colour.")
    BackgroundColor = Param("string", choices=_COLOURS, help="Background colour.")

    def process(self) -> None:
        items = []
        for value in self.Object or []:
            items.extend(enumerate_value(value) if isinstance(value, list) else [value])
        text = to_string(self.Separator).join(to_string(v) for v in items)
        self.write_host(text, foreground=self.ForegroundColor, background=self.BackgroundColor, newline=not self.NoNewline)


@cmdlet("Write-Error", synopsis="Writes a non-terminating error to the error stream.",
        examples=[Example("Write-Error 'Disk full' -ErrorAction SilentlyContinue; $Error[0].Exception.Message",
                          "The error is recorded in $Error.", output="Disk full")])
class WriteError(Cmdlet):
    Message = Param("string", position=0, pipeline=True, sets=("NoException",), help="The error message.")
    ErrorRecord = Param("psobject", sets=("ErrorRecord",), help="An existing error record to write.")
    ErrorId = Param("string", help="The FullyQualifiedErrorId.")
    Category = Param("string", choices=_CATEGORIES, default="NotSpecified", help="The error category.")
    TargetObject = Param("object", help="The object the error is about.")

    def process(self) -> None:
        if isinstance(self.ErrorRecord, ErrorRecord):
            record = self.ErrorRecord
        else:
            record = ErrorRecord(self.Message or "", self.ErrorId or "Microsoft.PowerShell.Commands.WriteErrorException",
                                 self.Category, target=self.TargetObject,
                                 exception_type="Microsoft.PowerShell.Commands.WriteErrorException")
        record.command_name = "Write-Error"
        self.runtime.write_error(record)


@cmdlet("Write-Warning", synopsis="Writes a warning message.",
        examples=[Example("Write-Warning 'Low memory'", "Prints WARNING: Low memory.", output="WARNING: Low memory")])
class WriteWarning(Cmdlet):
    Message = Param("string", position=0, pipeline=True, mandatory=True, help="The warning text.")

    def process(self) -> None:
        self.write_warning(self.Message)


@cmdlet("Write-Verbose", synopsis="Writes a verbose message (shown with -Verbose or $VerbosePreference='Continue').",
        examples=[Example("Write-Verbose 'details' -Verbose", "Shows the message.", output="VERBOSE: details")])
class WriteVerbose(Cmdlet):
    Message = Param("string", position=0, pipeline=True, mandatory=True, help="The message.")

    def process(self) -> None:
        self.write_verbose(self.Message)


@cmdlet("Write-Debug", synopsis="Writes a debug message (shown with -Debug or $DebugPreference='Continue').",
        examples=[Example("Write-Debug 'x' -Debug", "Shows the message.", output="DEBUG: x")])
class WriteDebug(Cmdlet):
    Message = Param("string", position=0, pipeline=True, mandatory=True, help="The message.")

    def process(self) -> None:
        self.write_debug(self.Message)


@cmdlet("Write-Information", synopsis="Writes to the information stream.",
        examples=[Example("Write-Information 'note' -InformationAction Continue", "Shows the message.", output="note")])
class WriteInformation(Cmdlet):
    MessageData = Param("object", position=0, mandatory=True, help="The message.")
    Tags = Param("string[]", position=1, help="Tags.")

    def process(self) -> None:
        self.write_information(self.MessageData, self.Tags or ())


@cmdlet("Write-Progress", synopsis="Shows a progress bar on the console.",
        examples=[Example("1..3 | ForEach-Object { Write-Progress -Activity Copy -PercentComplete ($_ * 33) }",
                          "Shows a bar that fills up.", output="")])
class WriteProgress(Cmdlet):
    Activity = Param("string", position=0, help="What is being done.")
    Status = Param("string", position=1, default="Processing", help="Current status.")
    Id = Param("int", position=2, default=0, help="The bar's id.")
    PercentComplete = Param("int", default=-1, help="Percent done.")
    SecondsRemaining = Param("int", default=-1)
    CurrentOperation = Param("string")
    ParentId = Param("int", default=-1)
    Completed = Param("switch", help="Remove the bar.")

    def process(self) -> None:
        self.write_progress(self.Activity or "", self.Status or "", self.PercentComplete, completed=self.Completed,
                            activity_id=self.Id)
