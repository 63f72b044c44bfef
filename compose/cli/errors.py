"""Turn errors into messages on stderr and exit codes: the only place that does."""

from __future__ import annotations

import sys
from collections.abc import Callable

from compose.errors import ComposeError, UsageError

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def run_guarded(fn: Callable[[], int]) -> int:
    """``fn()``'s exit code; a ComposeError's message on stderr and its exit code instead."""
    try:
        return fn()
    except UsageError as exc:
        print(f"pycompose: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ComposeError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
