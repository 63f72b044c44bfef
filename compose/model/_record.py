"""``@record``: a frozen, slotted dataclass that is cheap to define.

Why not plain ``@record``: the standard decorator
writes each generated method as source text and ``exec``s it (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``), about
1.3 ms per class here; the model has ~60 classes, one of them with 120 fields,
which made ``import compose.model`` cost 180 ms, more than Docker Compose v2
spends on a whole ``config`` run. ``@record`` keeps the dataclass machinery
for the bookkeeping (``dataclasses.fields``, ``replace``, ``asdict`` and
``is_dataclass`` all work, and mypy checks the classes as frozen dataclasses
through ``dataclass_transform``) but installs shared, closure-built methods
instead of generated ones: same behaviour (keyword or positional init with
defaults, frozen, equality and hashing over all ``compare`` fields, repr,
pickling and copying), about 0.3 ms per class.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar, cast, dataclass_transform

T = TypeVar("T")

_MISSING: Any = dataclasses.MISSING


@dataclass_transform(frozen_default=True, eq_default=True, field_specifiers=(dataclasses.field,))
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen, slotted dataclass without generated-source methods."""
    if cls.__doc__ is None:  # dataclass would compute one with inspect.signature (slow)
        cls.__doc__ = cls.__name__
    new = dataclasses.dataclass(init=False, repr=False, eq=False, slots=True)(cls)
    fields = dataclasses.fields(cast(Any, new))
    names = tuple(f.name for f in fields)
    compared = tuple(f.name for f in fields if f.compare)
    shown = tuple(f.name for f in fields if f.repr)
    defaults: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    for f in fields:
        if f.default is not _MISSING:
            defaults[f.name] = f.default
        elif f.default_factory is not _MISSING:
            factories[f.name] = cast(Callable[[], Any], f.default_factory)
    methods = {
        "__init__": _make_init(new, names, defaults, factories),
        "__eq__": _make_eq(compared),
        "__hash__": _make_hash(compared),
        "__repr__": _make_repr(shown),
        "__setattr__": _frozen_setattr,
        "__delattr__": _frozen_delattr,
        "__getstate__": _make_getstate(names),
        "__setstate__": _make_setstate(names),
    }
    for name, method in methods.items():
        setattr(new, name, method)
    return new


def _make_init(
    owner: type[Any], names: tuple[str, ...], defaults: dict[str, Any], factories: dict[str, Callable[[], Any]]
) -> Any:
    """An ``__init__`` that compiles the real one on first use and puts it on the class.

    The compiled one assigns each field directly (as dataclass's does), so building a
    120-field Service costs microseconds; compiling only classes that are instantiated
    keeps the import cheap.
    """
    _check_order(owner, names, defaults, factories)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = _compile_init(owner, names, defaults, factories)
        type.__setattr__(owner, "__init__", real)
        real(self, *args, **kwargs)

    return __init__


class _Factory:
    """Marks a field whose default comes from a factory."""


_FACTORY = _Factory()


def _check_order(owner: type[Any], names: tuple[str, ...], defaults: dict[str, Any], factories: dict[str, Any]) -> None:
    seen_default = ""
    for name in names:
        if name in defaults or name in factories:
            seen_default = seen_default or name
        elif seen_default:
            raise TypeError(f"{owner.__name__}: non-default field {name!r} follows default field {seen_default!r}")


def _compile_init(
    owner: type[Any], names: tuple[str, ...], defaults: dict[str, Any], factories: dict[str, Callable[[], Any]]
) -> Any:
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    params, lines = ["self"], []
    for name in names:
        if name in defaults:
            namespace[f"_d_{name}"] = defaults[name]
            params.append(f"{name}=_d_{name}")
        elif name in factories:
            namespace[f"_f_{name}"] = factories[name]
            params.append(f"{name}=_FACTORY")
            lines.append(f"if {name} is _FACTORY: {name} = _f_{name}()")
        else:
            params.append(name)
        lines.append(f"_set(self, {name!r}, {name})")
    source = f"def __init__({', '.join(params)}):\n    " + "\n    ".join(lines or ["pass"]) + "\n"
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{owner.__qualname__}.__init__"
    return init


def _values(obj: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(obj, n) for n in names)


def _make_eq(names: tuple[str, ...]) -> Any:
    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _values(self, names) == _values(other, names)

    return __eq__


def _make_hash(names: tuple[str, ...]) -> Any:
    def __hash__(self: Any) -> int:
        return hash(_values(self, names))

    return __hash__


def _make_repr(names: tuple[str, ...]) -> Any:
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{self.__class__.__qualname__}({inner})"

    return __repr__


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _make_getstate(names: tuple[str, ...]) -> Any:
    def __getstate__(self: Any) -> tuple[Any, ...]:
        return _values(self, names)

    return __getstate__


def _make_setstate(names: tuple[str, ...]) -> Any:
    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    return __setstate__
