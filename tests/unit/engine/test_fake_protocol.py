"""FakeEngine (tests/fakes/engine.py) and ApiEngine implement the same ``Engine`` protocol.

Same public method names, same signatures (parameter names, kinds, defaults and
annotations, as ``inspect.signature`` gives them): a test written against the fake
calls the real engine the same way.
"""

from __future__ import annotations

import inspect

import pytest
from fakes.engine import FakeEngine

from compose.engine.engine import ApiEngine
from compose.engine.port import Engine


def _public(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


PROTOCOL = sorted(_public(Engine))


def test_both_have_every_protocol_member() -> None:
    assert not set(PROTOCOL) - _public(ApiEngine)
    assert not set(PROTOCOL) - _public(FakeEngine)


@pytest.mark.parametrize("name", [n for n in PROTOCOL if not isinstance(inspect.getattr_static(Engine, n), property)])
def test_signatures_match_the_protocol(name: str) -> None:
    expected = inspect.signature(getattr(Engine, name))
    assert inspect.signature(getattr(ApiEngine, name)) == expected, f"ApiEngine.{name}"
    assert inspect.signature(getattr(FakeEngine, name)) == expected, f"FakeEngine.{name}"


@pytest.mark.parametrize("name", [n for n in PROTOCOL if isinstance(inspect.getattr_static(Engine, n), property)])
def test_properties_are_properties(name: str) -> None:
    for cls in (ApiEngine, FakeEngine):
        assert isinstance(inspect.getattr_static(cls, name), property), f"{cls.__name__}.{name}"


def test_what_both_share_beyond_the_protocol_has_one_signature() -> None:
    for name in sorted((_public(ApiEngine) & _public(FakeEngine)) - set(PROTOCOL)):
        real, fake = inspect.getattr_static(ApiEngine, name), inspect.getattr_static(FakeEngine, name)
        if callable(real) and callable(fake):
            assert inspect.signature(getattr(ApiEngine, name)) == inspect.signature(getattr(FakeEngine, name)), name
