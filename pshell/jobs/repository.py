"""The jobs of one client: one Id counter for jobs and their children, and the list Get-Job shows."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from pshell.jobs.job import Job

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext


class JobRepository:
    """The client's jobs (parents; their children are reached through them)."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []
        self._next_id = 1
        self._lock = threading.Lock()

    def take_id(self) -> int:
        with self._lock:
            value = self._next_id
            self._next_id += 1
            return value

    def add(self, job: Job) -> Job:
        with self._lock:
            if job not in self.jobs:
                self.jobs.append(job)
        return job

    def remove(self, job: Job) -> None:
        with self._lock:
            if job in self.jobs:
                self.jobs.remove(job)

    def all(self, *, include_children: bool = False) -> list[Job]:
        with self._lock:
            jobs = list(self.jobs)
        if not include_children:
            return jobs
        out: list[Job] = []
        for job in jobs:
            out.append(job)
            out.extend(job.ChildJobs)
        return out

    def parent_of(self, child: Job) -> Job | None:
        return next((job for job in self.all() if child in job.ChildJobs), None)


def job_repository(context: "ExecutionContext") -> JobRepository:
    """The JobRepository of a runspace (made on first use)."""
    jobs = getattr(context, "jobs", None)
    if jobs is None:
        jobs = JobRepository()
        context.jobs = jobs  # type: ignore[attr-defined]
    return jobs
