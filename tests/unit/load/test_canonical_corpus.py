"""The simple corpus cases: finalize(canonical(file)) equals what Docker Compose v2 printed."""

from __future__ import annotations

import pytest

from tests.unit.load import corpus_support as cs

CASES = list(cs.simple_cases())


@pytest.mark.skipif(not CASES, reason="conformance corpus not found")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_simple_case(case: cs.Case) -> None:
    assert cs.diff(cs.render(case), case.expected) == []


@pytest.mark.skipif(not CASES, reason="conformance corpus not found")
def test_typed_is_idempotent_on_every_simple_case() -> None:
    from compose.load.canonical import canonical
    from compose.load.finalize import FinalizeContext, finalize, typed

    ctx = FinalizeContext(project_name="p", working_dir="/w", environment={"HOME": "/h"})
    for case in CASES:
        once = finalize(canonical(cs.parse(case.text)), ctx)
        assert typed(once) == once, case.name
