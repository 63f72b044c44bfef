"""Blocking engine calls run side by side in a few threads (``observe``'s lookups, ``top``, ``images``, ``stats``).

``concurrent.futures`` would do, but importing it (and the ``logging`` it pulls in)
costs ~14 ms, a tenth of a no-op ``up``; this is the part of it used here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["run_all"]


def run_all(calls: Sequence[Callable[[], Any]], workers: int) -> list[Any]:
    """Each call's result, in order, with at most ``workers`` running at once.

    The first call that raised (in order) has its exception re-raised once all have ended.
    """
    if len(calls) <= 1 or workers <= 1:
        return [call() for call in calls]
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException | None] = [None] * len(calls)
    pending = iter(enumerate(calls))
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                item = next(pending, None)
            if item is None:
                return
            index, call = item
            try:
                results[index] = call()
            except BaseException as exc:  # re-raised in the caller's thread
                errors[index] = exc

    threads = [threading.Thread(target=work, name="pycompose-engine-call", daemon=True)
               for _ in range(min(workers, len(calls)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for error in errors:
        if error is not None:
            raise error
    return results
