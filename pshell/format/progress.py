"""Write-Progress on a terminal: one rich progress bar per activity."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn


class ProgressDisplay:
    """A live progress bar that is removed when the activity completes."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[status]}"),
                                  console=console, transient=True)
        self._tasks: dict[str, int] = {}
        self._progress.start()

    def update(self, activity: str, status: str, percent: int, *, completed: bool) -> None:
        task = self._tasks.get(activity)
        if task is None:
            task = self._progress.add_task(activity, total=100, status=status)
            self._tasks[activity] = task
        self._progress.update(task, completed=max(0, percent) if percent >= 0 else None, status=status)

    def stop(self) -> None:
        self._progress.stop()
