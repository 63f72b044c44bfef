"""compose.engine._parallel.run_all: results in order, bounded concurrency, errors re-raised."""

from __future__ import annotations

import threading
import time

import pytest

from compose.engine._parallel import run_all


def test_results_come_back_in_call_order() -> None:
    calls = [lambda i=i: (time.sleep(0.01 * (5 - i)), i)[1] for i in range(6)]
    assert run_all(calls, workers=3) == list(range(6))


def test_at_most_workers_calls_run_at_once() -> None:
    running, peak, lock = [0], [0], threading.Lock()

    def call() -> None:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1

    run_all([call] * 10, workers=3)
    assert peak[0] == 3


def test_the_first_failure_in_order_is_raised_after_all_ended() -> None:
    done: list[int] = []

    def fail(n: int) -> None:
        raise LookupError(n)

    def ok() -> None:
        time.sleep(0.02)
        done.append(1)

    with pytest.raises(LookupError, match="1"):
        run_all([ok, lambda: fail(1), lambda: fail(2), ok], workers=4)
    assert done == [1, 1]


@pytest.mark.parametrize("workers", [1, 8])
def test_zero_or_one_call_or_one_worker_runs_inline(workers: int) -> None:
    assert run_all([], workers=workers) == []
    assert run_all([threading.get_ident], workers=workers) == [threading.get_ident()]
