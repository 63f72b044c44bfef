"""What the campaigns share: the run's size (CI or full) and the figures each campaign reports."""

from __future__ import annotations

import os

FULL = os.environ.get("PYCOMPOSE_RELIABILITY", "") == "full"


def examples(ci: int, full: int) -> int:
    """How many cases a campaign tries: ``ci`` by default, ``full`` under PYCOMPOSE_RELIABILITY=full."""
    return full if FULL else ci


class Campaign:
    def __init__(self, name: str) -> None:
        self.name = name
        self.cases = 0
        self.failed: set[str] = set()


class Campaigns:
    """The figures of every campaign of this run (one per pytest session)."""

    def __init__(self) -> None:
        self.by_name: dict[str, Campaign] = {}

    def __call__(self, name: str) -> Campaign:
        return self.by_name.setdefault(name, Campaign(name))
