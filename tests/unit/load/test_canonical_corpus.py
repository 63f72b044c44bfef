"""The simple corpus cases: finalize(canonical(file)) equals what Docker Compose v2 printed."""

from __future__ import annotations

import pytest

from tests.unit.load import corpus_support as cs

CASES = list(cs.simple_cases())


@pytest.mark.skipif(not CASES, reason="conformance corpus not found")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_simple_case(case: cs.Case) -> None:
    assert cs.diff(cs.render(case), case.expected) == []
