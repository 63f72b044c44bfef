"""Debouncing file events into batches, as Docker Compose v2 does (pkg/watch/debounce.go).

v2 collects changed paths until no new one came for a quiet period of 500 ms, then hands the set
over as one batch: an editor's save of many files, or a ``git checkout``, is one sync. Here the same
rule, with the clock injected (``now`` arguments), plus a ceiling v2 lacks: a stream of changes that
never pauses is still flushed every ``max_wait`` seconds.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["MAX_WAIT", "QUIET_PERIOD", "Debouncer"]

QUIET_PERIOD = 0.5
"""Seconds without a new change before a batch is handed over (v2's ``watch.QuietPeriod``)."""
MAX_WAIT = 10.0
"""Seconds after a batch's first change when it is handed over anyway."""


class Debouncer:
    """Changed paths in, batches out: ``add(paths, now)``; ``due(now)`` gives the batch once it is time."""

    def __init__(self, quiet: float = QUIET_PERIOD, max_wait: float = MAX_WAIT) -> None:
        self.quiet = quiet
        self.max_wait = max_wait
        self._paths: dict[str, None] = {}  # insertion-ordered set
        self._first = 0.0
        self._last = 0.0

    @property
    def pending(self) -> bool:
        return bool(self._paths)

    def add(self, paths: Iterable[str], now: float) -> None:
        added = False
        for path in paths:
            if not self._paths:
                self._first = now
            self._paths[path] = None
            added = True
        if added:
            self._last = now

    def deadline(self) -> float | None:
        """When the pending batch is due (None: nothing pending)."""
        if not self._paths:
            return None
        return min(self._last + self.quiet, self._first + self.max_wait)

    def due(self, now: float) -> list[str] | None:
        """The batch (paths in the order they first changed) when its deadline has come, else None."""
        deadline = self.deadline()
        if deadline is None or now < deadline:
            return None
        return self.flush()

    def flush(self) -> list[str]:
        batch = list(self._paths)
        self._paths = {}
        return batch
