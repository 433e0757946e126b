"""How an error record reads on the console (PowerShell 7's ConciseView)."""

from __future__ import annotations

from pshell.errors import ErrorRecord


def render_error(record: ErrorRecord) -> str:
    """`Cmd: message`, or for an error in a script file, the place with a caret under it."""
    label = record.command_name or record.extra.get("label") or (
        record.category if record.category != "NotSpecified" else record.exception_type.rsplit(".", 1)[-1])
    if record.error_id == "NativeCommandError":
        return record.message
    span = record.span
    if span is not None and (span.file or record.category == "ParserError") and span.line_text:
        head = f"{label}: {span.file}:{span.line}" if span.file else f"{label}: "
        caret = " " * (span.column - 1) + "~" * max(1, min(span.length, max(1, len(span.line_text) - span.column + 1)))
        lines = [head.rstrip() if span.file else head, "Line |", f"{span.line:>4} |  {span.line_text}",
                 f"     |  {caret}"]
        message_lines = record.message.splitlines() or [""]
        lines.extend(f"     | {m}" for m in message_lines)
        return "\n".join(lines)
    if not label:
        return record.message
    return f"{label}: {record.message}"
