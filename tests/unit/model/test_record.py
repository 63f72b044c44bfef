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


def test_order_init_false_post_init_and_classvar() -> None:
    from typing import ClassVar

    from compose._record import field

    @record(order=True)
    class Point:
        KIND: ClassVar[str] = "point"
        x: int
        y: int = 0
        norm: int = field(init=False, compare=False, repr=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "norm", abs(self.x) + abs(self.y))

    assert Point(1, 2).norm == 3
    assert Point(1, 2) < Point(2, 0) and Point(1, 2) <= Point(1, 2) and Point(3) > Point(2, 9)
    assert sorted([Point(2), Point(1, 5), Point(1, 1)]) == [Point(1, 1), Point(1, 5), Point(2)]
    assert Point.KIND == "point" and Point.__match_args__ == ("x", "y")
    assert repr(Point(1)).endswith(".Point(x=1, y=0)")  # the qualname, as dataclass
    with pytest.raises(TypeError, match="unexpected keyword argument 'norm'"):
        Point(1, norm=3)  # type: ignore[call-arg]
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "norm"]
    assert dataclasses.replace(Point(1, 2), y=5).norm == 6
    assert dataclasses.asdict(Point(1, 2)) == {"x": 1, "y": 2, "norm": 3}


def test_mutable_record_is_slotted_and_unhashable() -> None:
    from compose._record import field

    @record(frozen=False)
    class Box:
        items: list[int] = field(default_factory=list)
        count: int = 0

    b = Box()
    b.count += 1
    b.items.append(1)
    assert b == Box([1], 1) and Box().items is not Box().items
    with pytest.raises(TypeError, match="unhashable"):
        hash(b)
    with pytest.raises(AttributeError):
        b.other = 1  # type: ignore[attr-defined]
    assert dataclasses.fields(b)[0].init
    assert dataclasses.is_dataclass(Box) and not getattr(Box, "__dataclass_params__").frozen  # noqa: B009


def test_explicit_methods_are_kept_and_mutable_defaults_refused() -> None:
    @record
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

        def __hash__(self) -> int:
            return 7

    assert repr(Named("a")) == "<a>" and hash(Named("a")) == 7 and Named("a") == Named("a")
    with pytest.raises(ValueError, match="mutable default"):

        @record
        class Bad:
            items: list[int] = []  # noqa: RUF012


def test_no_dataclasses_import_until_asked() -> None:
    import subprocess
    import sys

    code = ("import sys; from compose._record import record\n"
            "@record\nclass A:\n    x: int\n    y: str = 'a'\n"
            "assert A(1) == A(1) and hash(A(1)) == hash(A(1, 'a'))\n"
            "assert 'dataclasses' not in sys.modules\n"
            "import dataclasses; assert dataclasses.fields(A)[1].default == 'a'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_replace_without_the_dataclasses_module() -> None:
    from compose._record import field as record_field
    from compose._record import replace

    @record
    class Counted:
        a: int
        b: str = "x"
        seen: int = record_field(default=0, init=False)

    original = Counted(1)
    changed = replace(original, b="y")
    assert changed == Counted(1, b="y") and original == Counted(1)
    with pytest.raises(ValueError, match="init=False"):
        replace(original, seen=2)
    with pytest.raises(TypeError):
        replace(original, nope=1)
    assert replace(Port(target=80), published="8080") == dataclasses.replace(Port(target=80), published="8080")
