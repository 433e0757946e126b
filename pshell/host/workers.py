"""Threads that run sessions' commands, reused from one command to the next.

Starting a thread for every command costs more than the rest of a short command's round
trip, and a command may run for days, so a fixed-size pool would not do either: a worker is
taken if one is idle, else a new one is started; a worker idle for `IDLE_SECONDS` ends.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Callable

IDLE_SECONDS = 60.0
log = logging.getLogger("pshell.host")


class Workers:
    """An unbounded pool of reusable threads."""

    def __init__(self, name: str = "worker", idle_seconds: float = IDLE_SECONDS) -> None:
        self.name = name
        self.idle_seconds = idle_seconds
        self._idle: list[queue.SimpleQueue[Callable[[], None]]] = []
        self._lock = threading.Lock()
        self._count = 0

    def run(self, job: Callable[[], None], name: str | None = None) -> None:
        """Run `job` on an idle worker, or on a new one."""
        with self._lock:
            inbox = self._idle.pop() if self._idle else None
            if inbox is None:
                self._count += 1
                inbox = queue.SimpleQueue()
                threading.Thread(target=self._serve, args=(inbox,), name=name or f"{self.name}-{self._count}",
                                 daemon=True).start()
        inbox.put(job)

    def _serve(self, inbox: "queue.SimpleQueue[Callable[[], None]]") -> None:
        while True:
            try:
                job = inbox.get(timeout=self.idle_seconds)
            except queue.Empty:
                with self._lock:
                    if inbox in self._idle:  # nobody took this worker meanwhile: end it
                        self._idle.remove(inbox)
                        return
                continue  # a job was handed over just as the wait ended
            try:
                job()
            except Exception:  # noqa: BLE001 - a worker must outlive any job
                log.exception("%s: a job failed", threading.current_thread().name)
            with self._lock:
                self._idle.append(inbox)

    @property
    def idle(self) -> int:
        with self._lock:
            return len(self._idle)
