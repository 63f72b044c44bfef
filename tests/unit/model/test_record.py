"""@record behaves like @dataclass(frozen=True, slots=True)."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from compose.model._record import record
from compose.model.frozen import EMPTY, FrozenMap
from compose.model.parts import Port


@record
class Sample:
    a: int
    b: str = "x"
    c: tuple[int, ...] = ()
    d: FrozenMap[str, str] = EMPTY
    e: list[int] = dataclasses.field(default_factory=list, compare=False, repr=False)


def test_init_positional_keyword_and_defaults() -> None:
    s = Sample(1, c=(2,))
    assert (s.a, s.b, s.c, s.e) == (1, "x", (2,), [])
    assert s.d is EMPTY
    assert Sample(1).e is not Sample(1).e
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'a'"):
        Sample()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        Sample(1, z=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values"):
        Sample(1, a=2)  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes from 2 to 6 positional arguments but 7 were given"):
        Sample(1, "b", (), EMPTY, [], 6)  # type: ignore[call-arg]


def test_frozen_slotted_eq_hash_repr() -> None:
    s = Sample(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.a = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del s.a
    assert not hasattr(s, "__dict__")
    assert Sample(1, e=[1]) == Sample(1, e=[2])  # e is compare=False
    assert Sample(1) != Sample(2)
    assert Sample(1).__eq__((1, "x")) is NotImplemented
    assert hash(Sample(1)) == hash(Sample(1, e=[3]))
    assert repr(Sample(1)) == "Sample(a=1, b='x', c=(), d=FrozenMap({}))"


def test_dataclass_tools_work() -> None:
    s = Sample(1)
    assert dataclasses.is_dataclass(s)
    assert [f.name for f in dataclasses.fields(s)] == ["a", "b", "c", "d", "e"]
    assert dataclasses.replace(s, b="y") == Sample(1, b="y")
    assert dataclasses.asdict(Port(80))["target"] == 80


def test_pickle_and_copy() -> None:
    p = Port(80, "8080", host_ip="127.0.0.1")
    assert pickle.loads(pickle.dumps(p)) == p
    assert copy.copy(p) == p and copy.deepcopy(p) == p


def test_field_order_is_checked_like_dataclass() -> None:
    with pytest.raises(TypeError, match="non-default field 'b' follows default field 'a'"):

        @record
        class Bad:
            a: int = 1
            b: int  # type: ignore[misc]


def test_repeated_construction_uses_the_compiled_init() -> None:
    first = Sample(1)
    assert Sample.__init__.__qualname__ == "Sample.__init__"
    assert Sample(1) == first
