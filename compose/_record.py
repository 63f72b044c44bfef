"""``@record``: a frozen, slotted dataclass that is cheap to define (and ``field``, its field specifier).

Why not ``@dataclass(frozen=True, slots=True)``: the standard decorator writes
each generated method as source text and ``exec``s it, about 1.2 ms per class
here, and importing ``dataclasses`` imports ``inspect`` (~10 ms). pycompose
defines some 150 such classes on the way to a no-op ``up``; as dataclasses they
cost more than Docker Compose v2 spends on the whole command.

``@record`` builds the same class without the ``dataclasses`` module: a new
class with ``__slots__`` for the fields, and shared methods instead of generated
ones (``__init__`` is compiled on first use and replaces itself, so building a
120-field Service costs microseconds; equality, hashing and ordering go through
one ``operator.attrgetter``). About 40 us per class. Behaviour is the
dataclass's:

- keyword or positional ``__init__`` with defaults and ``default_factory``;
  ``init=False`` fields; ``__post_init__`` is called; a field without a default
  after one with a default is a ``TypeError``; a mutable default (list, dict,
  set) is a ``ValueError``;
- frozen (``dataclasses.FrozenInstanceError`` on assignment or deletion);
  equality and hashing over the ``compare`` fields, ``repr`` over the ``repr``
  fields; ``order=True`` adds ``<``, ``<=``, ``>``, ``>=``; methods the class
  body defines itself are kept (an explicit ``__hash__`` too);
- ``__match_args__``, pickling and copying;
- ``@record(frozen=False)`` is a mutable slotted dataclass (unhashable, as dataclass makes it);
- ``dataclasses.fields``, ``replace``, ``asdict``, ``astuple`` and
  ``is_dataclass`` work: ``__dataclass_fields__`` is computed (importing
  ``dataclasses``) the first time something asks for it.

mypy checks the classes as frozen dataclasses (``dataclass_transform``); at run time this module
imports neither ``typing`` nor ``dataclasses``.
Fields may be declared with this module's ``field`` or with ``dataclasses.field``.
Not supported (a ``TypeError`` says so): ``InitVar``, ``KW_ONLY``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from operator import attrgetter

TYPE_CHECKING = False  # not typing's: nothing here needs typing at run time (~6 ms to import here)
if TYPE_CHECKING:
    from dataclasses import field as _dataclass_field
    from typing import Any, TypeVar, dataclass_transform, overload

    T = TypeVar("T")
else:
    _dataclass_field = None

__all__ = ["field", "record", "replace"]


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """What ``field()`` returns; ``record`` reads it once and keeps it in ``__record_fields__``."""

    __slots__ = ("compare", "default", "default_factory", "init", "name", "repr", "type")

    def __init__(self, default: Any, default_factory: Any, init: bool, repr: bool, compare: bool) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare
        self.name = ""
        self.type: Any = None

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r}, default_factory={self.default_factory!r})"


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] = MISSING, init: bool = True,
          repr: bool = True, compare: bool = True) -> Any:
    """A field's options, as ``dataclasses.field`` takes them."""
    return Field(default, default_factory, init, repr, compare)


def _record(cls: type[T] | None = None, /, *, order: bool = False, frozen: bool = True) -> Any:
    """Make ``cls`` a slotted dataclass (frozen unless ``frozen=False``) without the ``dataclasses`` module."""
    if cls is None:
        return lambda c: _build(c, order, frozen)
    return _build(cls, order, frozen)


if TYPE_CHECKING:  # what mypy sees: a dataclass_transform, as @dataclass(frozen=True)
    @overload
    @dataclass_transform(frozen_default=True, eq_default=True, field_specifiers=(field, _dataclass_field))
    def record(cls: type[T], /) -> type[T]: ...
    @overload
    def record(*, order: bool = False, frozen: bool = True) -> Callable[[type[T]], type[T]]: ...
    def record(cls: type[T] | None = None, /, *, order: bool = False, frozen: bool = True) -> Any:
        return _record(cls, order=order, frozen=frozen)
else:
    record = _record


def replace(obj: T, /, **changes: Any) -> T:
    """``dataclasses.replace`` without importing ``dataclasses`` for a record (any dataclass works too)."""
    specs: tuple[Field, ...] | None = getattr(type(obj), "__record_fields__", None)
    if specs is None:
        import dataclasses

        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    for f in specs:
        if not f.init:
            if f.name in changes:
                raise ValueError(f"field {f.name} is declared with init=False, it cannot be specified with replace()")
        elif f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return type(obj)(**changes)


# -- building the class --------------------------------------------------------------------------

_SKIPPED = frozenset({"__dict__", "__weakref__"})


def _build(cls: Any, order: bool, frozen: bool) -> Any:
    if cls.__doc__ is None:
        cls.__doc__ = cls.__name__
    inherited = _inherited_fields(cls)
    own = _own_fields(cls)
    fields = {**{f.name: f for f in inherited}, **{f.name: f for f in own}}
    specs = tuple(fields.values())
    _check_order(cls, specs)
    body = cls.__dict__
    namespace = {k: v for k, v in body.items() if k not in _SKIPPED and k not in fields}
    base_slots = {f.name for f in inherited}
    namespace["__slots__"] = tuple(f.name for f in own if f.name not in base_slots)
    qualname = cls.__qualname__
    new = type(cls)(cls.__name__, cls.__bases__, namespace)
    new.__qualname__ = qualname
    _install(new, body, specs, order, frozen)
    return new


def _inherited_fields(cls: type[Any]) -> list[Field]:
    out: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in base.__dict__.get("__record_fields__", ()):
            out[f.name] = f
    return list(out.values())


def _own_fields(cls: type[Any]) -> list[Field]:
    annotations: dict[str, Any] = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (no inspect import)
    out = []
    for name, annotation in annotations.items():
        if _is_classvar(annotation):
            continue
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if "InitVar" in text or "KW_ONLY" in text:
            raise TypeError(f"{cls.__name__}.{name}: @record does not support InitVar or KW_ONLY")
        spec = _spec(cls.__dict__.get(name, MISSING))
        if spec.default is not MISSING and type(spec.default).__hash__ is None:
            raise ValueError(f"mutable default {type(spec.default)} for field {name} is not allowed: "
                             "use default_factory")
        spec.name = name
        spec.type = annotation
        out.append(spec)
    return out


def _is_classvar(annotation: Any) -> bool:
    if isinstance(annotation, str):
        text = annotation.strip()
        return text.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))
    from typing import ClassVar  # only for modules without ``from __future__ import annotations``

    return annotation is ClassVar or getattr(annotation, "__origin__", None) is ClassVar


def _spec(value: Any) -> Field:
    if isinstance(value, Field):
        return Field(value.default, value.default_factory, value.init, value.repr, value.compare)
    dataclasses = sys.modules.get("dataclasses")
    if dataclasses is not None and isinstance(value, dataclasses.Field):
        default = MISSING if value.default is dataclasses.MISSING else value.default
        factory = MISSING if value.default_factory is dataclasses.MISSING else value.default_factory
        return Field(default, factory, value.init, value.repr, bool(value.compare))
    return Field(value, MISSING, True, True, True)


def _has_default(f: Field) -> bool:
    return f.default is not MISSING or f.default_factory is not MISSING


def _check_order(owner: type[Any], specs: tuple[Field, ...]) -> None:
    seen_default = ""
    for f in specs:
        if not f.init:
            continue
        if _has_default(f):
            seen_default = seen_default or f.name
        elif seen_default:
            raise TypeError(f"{owner.__name__}: non-default field {f.name!r} follows default field {seen_default!r}")


def _install(new: type[Any], body: Any, specs: tuple[Field, ...], order: bool, frozen: bool) -> None:
    compared = _getter(tuple(f.name for f in specs if f.compare))
    shown = tuple(f.name for f in specs if f.repr)
    methods: dict[str, Any] = {
        "__init__": _make_init(new, specs),
        "__repr__": _make_repr(shown),
        "__eq__": _make_eq(compared),
        "__getstate__": _make_getstate(_getter(tuple(f.name for f in specs))),
        "__setstate__": _make_setstate(tuple(f.name for f in specs)),
        "__match_args__": tuple(f.name for f in specs if f.init),
    }
    explicit_hash = "__hash__" in body and not (body["__hash__"] is None and "__eq__" in body)
    if not explicit_hash:  # as dataclass: frozen records hash their fields, mutable ones are unhashable
        methods["__hash__"] = _make_hash(compared) if frozen else None
    if order:
        methods.update(_make_order(compared))
    for name, method in methods.items():
        if name == "__hash__" or name not in body:
            type.__setattr__(new, name, method)
    if frozen:
        type.__setattr__(new, "__setattr__", _frozen_setattr)
        type.__setattr__(new, "__delattr__", _frozen_delattr)
    type.__setattr__(new, "__record_fields__", specs)
    type.__setattr__(new, "__record_options__", (order, frozen))
    type.__setattr__(new, "__dataclass_fields__", _DataclassView("__dataclass_fields__"))
    type.__setattr__(new, "__dataclass_params__", _DataclassView("__dataclass_params__"))


# -- the methods ---------------------------------------------------------------------------------

def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of ``names``' values (attrgetter returns a bare value for one name)."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _make_init(owner: type[Any], specs: tuple[Field, ...]) -> Any:
    """An ``__init__`` that compiles the real one on first use and puts it on the class.

    The compiled one assigns each field directly (as dataclass's does); compiling only
    classes that are instantiated keeps the import cheap.
    """

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = _compile_init(owner, specs)
        type.__setattr__(owner, "__init__", real)
        real(self, *args, **kwargs)

    return __init__


class _Factory:
    """Marks a field whose default comes from a factory."""


_FACTORY = _Factory()


def _compile_init(owner: type[Any], specs: tuple[Field, ...]) -> Any:
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    params, lines = ["self"], []
    for f in specs:
        name = f.name
        if f.default is not MISSING:
            namespace[f"_d_{name}"] = f.default
        if f.default_factory is not MISSING:
            namespace[f"_f_{name}"] = f.default_factory
        if not f.init:
            if f.default is not MISSING:
                lines.append(f"_set(self, {name!r}, _d_{name})")
            elif f.default_factory is not MISSING:
                lines.append(f"_set(self, {name!r}, _f_{name}())")
            continue
        if f.default is not MISSING:
            params.append(f"{name}=_d_{name}")
        elif f.default_factory is not MISSING:
            params.append(f"{name}=_FACTORY")
            lines.append(f"if {name} is _FACTORY: {name} = _f_{name}()")
        else:
            params.append(name)
        lines.append(f"_set(self, {name!r}, {name})")
    if hasattr(owner, "__post_init__"):
        lines.append("self.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n    " + "\n    ".join(lines or ["pass"]) + "\n"
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{owner.__qualname__}.__init__"
    return init


def _make_eq(values: Callable[[Any], tuple[Any, ...]]) -> Any:
    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) == values(other)

    return __eq__


def _make_hash(values: Callable[[Any], tuple[Any, ...]]) -> Any:
    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _make_order(values: Callable[[Any], tuple[Any, ...]]) -> dict[str, Any]:
    def __lt__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) < values(other)

    def __le__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) <= values(other)

    def __gt__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) > values(other)

    def __ge__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) >= values(other)

    return {"__lt__": __lt__, "__le__": __le__, "__gt__": __gt__, "__ge__": __ge__}


def _make_repr(names: tuple[str, ...]) -> Any:
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{self.__class__.__qualname__}({inner})"

    return __repr__


def _frozen_error(message: str) -> Exception:
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(message)


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise _frozen_error(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise _frozen_error(f"cannot delete field {name!r}")


def _make_getstate(values: Callable[[Any], tuple[Any, ...]]) -> Any:
    def __getstate__(self: Any) -> tuple[Any, ...]:
        return values(self)

    return __getstate__


def _make_setstate(names: tuple[str, ...]) -> Any:
    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    return __setstate__


# -- what the dataclasses module reads -----------------------------------------------------------

class _DataclassView:
    """``__dataclass_fields__`` / ``__dataclass_params__``, computed on first access.

    They come from the real ``dataclasses`` machinery run on a shadow class with the same
    fields, so that ``fields``, ``replace``, ``asdict`` see genuine ``Field`` objects; the
    results replace this descriptor on the class.
    """

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, obj: Any, owner: type[Any]) -> Any:
        fields, params = _dataclass_view(owner)
        type.__setattr__(owner, "__dataclass_fields__", fields)
        type.__setattr__(owner, "__dataclass_params__", params)
        return fields if self.attribute == "__dataclass_fields__" else params


def _dataclass_view(owner: type[Any]) -> tuple[dict[str, Any], Any]:
    import dataclasses

    specs: tuple[Field, ...] = owner.__record_fields__
    namespace: dict[str, Any] = {"__annotations__": {f.name: f.type for f in specs},
                                 "__module__": owner.__module__, "__qualname__": owner.__qualname__}
    for f in specs:
        options: dict[str, Any] = {"init": f.init, "repr": f.repr, "compare": f.compare}
        if f.default is not MISSING:
            options["default"] = f.default
        if f.default_factory is not MISSING:
            options["default_factory"] = f.default_factory
        namespace[f.name] = dataclasses.field(**options)
    order, frozen = owner.__record_options__
    shadow: Any = dataclasses.dataclass(init=False, repr=False, eq=True, frozen=frozen,
                                        order=order)(type(owner.__name__, (), namespace))
    return shadow.__dataclass_fields__, shadow.__dataclass_params__
