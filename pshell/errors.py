"""Error records and the exceptions that carry them, each with a place in the source."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SourceSpan:
    """Where something is in a script: 1-based line and column, plus the line's text."""

    file: str | None
    line: int
    column: int
    line_text: str = ""
    length: int = 1

    def caret_lines(self) -> list[str]:
        """The source line and a caret line under the spot, as PowerShell shows them."""
        if not self.line_text:
            return []
        prefix = f"Line |\n{self.line:>4} | "
        caret = " " * (self.column - 1) + "~" * max(1, self.length)
        return [prefix + self.line_text.rstrip("\n"), "     | " + caret]


class ErrorCategory:
    """PowerShell's ErrorCategory names (the subset pshell raises)."""

    NotSpecified = "NotSpecified"
    ObjectNotFound = "ObjectNotFound"
    InvalidArgument = "InvalidArgument"
    InvalidData = "InvalidData"
    InvalidOperation = "InvalidOperation"
    InvalidType = "InvalidType"
    ParserError = "ParserError"
    PermissionDenied = "PermissionDenied"
    ResourceUnavailable = "ResourceUnavailable"
    OpenError = "OpenError"
    ConnectionError = "ConnectionError"
    OperationStopped = "OperationStopped"
    OperationTimeout = "OperationTimeout"
    ReadError = "ReadError"
    WriteError = "WriteError"
    InvalidResult = "InvalidResult"
    NotImplemented = "NotImplemented"
    SecurityError = "SecurityError"
    ResourceExists = "ResourceExists"


@dataclass
class ErrorRecord:
    """A PowerShell ErrorRecord: message, fully qualified id, category, target, place."""

    message: str
    error_id: str = "RuntimeException"
    category: str = ErrorCategory.NotSpecified
    target: Any = None
    command_name: str | None = None
    span: SourceSpan | None = None
    exception_type: str = "System.Management.Automation.RuntimeException"
    inner: BaseException | None = None
    thrown_object: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    PS_TYPE_NAMES = ("System.Management.Automation.ErrorRecord",)

    @property
    def FullyQualifiedErrorId(self) -> str:
        # extra["id_command"]: the name after the comma when it differs from the label
        # (a cmdlet's .NET class; "" for none, as for CommandNotFoundException)
        suffix = self.extra.get("id_command", self.command_name)
        if suffix and "," not in self.error_id:
            return f"{self.error_id},{suffix}"
        return self.error_id

    @property
    def Exception(self) -> "ExceptionInfo":
        return ExceptionInfo(self.message, self.exception_type, self.inner)

    @property
    def CategoryInfo(self) -> "ErrorCategoryInfo":
        target = self.target
        return ErrorCategoryInfo(
            Category=self.category,
            Activity=self.command_name or "",
            Reason=self.exception_type.rsplit(".", 1)[-1],
            TargetName="" if target is None else str(target),
            TargetType="" if target is None else _short_type_name(target),
        )

    @property
    def TargetObject(self) -> Any:
        return self.target

    @property
    def InvocationInfo(self) -> Any:
        from pshell.engine.invocation import InvocationInfo

        span = self.span
        return InvocationInfo(self.command_name, invocation_name=self.command_name or "", span=span,
                              caller_file=span.file if span else None)

    @property
    def ScriptStackTrace(self) -> str:
        span = self.span
        where = f"{span.file or '<ScriptBlock>'}: line {span.line}" if span else "<No file>"
        return f"at <ScriptBlock>, {where}"

    def ToString(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.message

    def with_command(self, name: str) -> "ErrorRecord":
        if self.command_name is None:
            self.command_name = name
        return self

    def with_span(self, span: SourceSpan | None) -> "ErrorRecord":
        if self.span is None:
            self.span = span
        return self


def _short_type_name(value: Any) -> str:
    from pshell.engine.types import dotnet_name_of

    return dotnet_name_of(value).rsplit(".", 1)[-1]


@dataclass(frozen=True)
class ErrorCategoryInfo:
    """What `$_.CategoryInfo` shows: `ObjectNotFound: (/nope:String) [Get-Item], ItemNotFoundException`."""

    Category: str
    Activity: str
    Reason: str
    TargetName: str
    TargetType: str

    PS_TYPE_NAMES = ("System.Management.Automation.ErrorCategoryInfo", "System.Object")

    def GetMessage(self) -> str:
        return self.ToString()

    def ToString(self) -> str:
        return f"{self.Category}: ({self.TargetName}:{self.TargetType}) [{self.Activity}], {self.Reason}"

    def __str__(self) -> str:
        return self.ToString()


@dataclass(frozen=True)
class ExceptionInfo:
    """What `$_.Exception` shows: the message and the .NET-style type name."""

    Message: str
    TypeName: str
    inner: BaseException | None = None

    PS_TYPE_NAMES = ("System.Exception",)

    @property
    def InnerException(self) -> Any:
        return self.inner

    def GetType(self) -> Any:
        from pshell.engine.types import TypeInfo

        return TypeInfo(self.TypeName)

    def ToString(self) -> str:
        return f"{self.TypeName}: {self.Message}"

    def __str__(self) -> str:
        return self.Message


class PSError(Exception):
    """Base of every error pshell raises on purpose; it carries an ErrorRecord."""

    def __init__(self, record: ErrorRecord) -> None:
        super().__init__(record.message)
        self.record = record


class RuntimeError_(PSError):
    """A terminating error raised while running a script (throw, -ErrorAction Stop, ...)."""


class ParseError(PSError):
    """A script that does not parse: the record has the line, column and a caret."""


def runtime_error(
    message: str,
    error_id: str = "RuntimeException",
    category: str = ErrorCategory.NotSpecified,
    *,
    target: Any = None,
    span: SourceSpan | None = None,
    exception_type: str = "System.Management.Automation.RuntimeException",
    command_name: str | None = None,
) -> RuntimeError_:
    """Build a terminating error in one call."""
    return RuntimeError_(
        ErrorRecord(
            message,
            error_id,
            category,
            target=target,
            span=span,
            exception_type=exception_type,
            command_name=command_name,
        )
    )
