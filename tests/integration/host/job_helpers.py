"""What the job tests share: the job table's columns and rows, and a PowerShell Wait-Until."""

from __future__ import annotations

JOB_COLUMNS = ("Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command")

# Wait-Until { condition } [-Seconds n]: a client polls a condition, with a deadline
PRELUDE = """
function Wait-Until([scriptblock]$Condition, [int]$Seconds = 60) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    while (-not (& $Condition)) {
        if ($watch.Elapsed.TotalSeconds -gt $Seconds) { throw "Wait-Until timed out: $Condition" }
        Start-Sleep -Milliseconds 50
    }
}
"""


def job_rows(text: str) -> list[dict[str, str]]:
    """The rows of every job table in the text, cut at the header's column positions."""
    rows: list[dict[str, str]] = []
    starts: list[int] | None = None
    for line in text.splitlines():
        if line.split() == list(JOB_COLUMNS):
            starts, at = [], 0
            for column in JOB_COLUMNS:
                at = line.index(column, at)
                starts.append(at)
            continue
        if starts is None or set(line.replace(" ", "")) == {"-"}:
            continue
        if not line.strip():
            starts = None
            continue
        cells = [line[a:b].strip() for a, b in zip(starts, starts[1:] + [len(line)])]
        rows.append(dict(zip(JOB_COLUMNS, cells)))
    return rows


def between(lines: list[str], start: str, end: str) -> list[str]:
    return lines[lines.index(start) + 1:lines.index(end)]

