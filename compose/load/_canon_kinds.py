"""The Go types behind v2's printed shape: how a value converts and when it is omitted.

``Kind.convert(value)`` returns the printed value or ``OMIT`` (Go's
``omitempty`` of a zero value); ``Struct`` keeps Go's field order, drops
unknown keys and keeps ``x-*`` ones; ``strip`` removes those extensions again
for the JSON view. Conversion failures are ``ConvertError`` with the key path
below the converted value. The tables built from these kinds are in
_canon_types.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from compose._record import field, record
from compose.load import _canon_values as values
from compose.load.durations import format_duration, parse_duration


class Omit:
    """Sentinel: the field is omitted (Go ``omitempty`` of a zero value)."""


class ConvertError(ValueError):
    """A value that does not fit its Go type; ``path`` is where, relative to the converted value."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def _at(key: str | int, convert: Callable[[Any], Any], value: Any) -> Any:
    """``convert(value)``; a failure is re-raised with ``key`` prepended to its path."""
    try:
        return convert(value)
    except ConvertError as exc:
        raise ConvertError(exc.message, (key, *exc.path)) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise ConvertError(str(exc), (key,)) from None


OMIT = Omit()


class Kind:
    """How one Go type converts and prints; ``convert`` returns ``OMIT`` for an omitted zero value."""

    def convert(self, value: Any) -> Any:
        raise NotImplementedError

    def missing(self) -> Any:
        """The value printed for an absent field that has no ``omitempty``."""
        return None

    def strip(self, value: Any) -> Any:
        """``value`` (as printed by ``convert``) without the ``x-*`` keys of structs."""
        return value


@record
class Scalar(Kind):
    """A Go scalar: ``parse`` gives the printed value; ``keep_zero`` for pointers (``*int``, ``*bool``)."""

    parse: Callable[[Any], Any]
    zero: Any = None
    keep_zero: bool = False

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        out = self.parse(value)
        if not self.keep_zero and out == self.zero:
            return OMIT
        return out


@record
class Passthrough(Kind):
    def convert(self, value: Any) -> Any:
        return OMIT if value is None else value


@record
class ListOf(Kind):
    item: Kind
    keep_empty: bool = False

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        if not isinstance(value, list):
            value = [value]
        out = [_at(i, self._one, v) for i, v in enumerate(value)]
        if not out and not self.keep_empty:
            return OMIT
        return out

    def strip(self, value: Any) -> Any:
        return [self.item.strip(v) for v in value] if isinstance(value, list) else value

    def _one(self, value: Any) -> Any:
        return _item(self.item, value)


@record
class MapOf(Kind):
    """``map[string]X`` (sorted keys, as Go prints maps); ``None`` values stay ``None`` when ``nullable``."""

    item: Kind
    nullable: bool = True

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping, got {type(value).__name__}")
        out: dict[str, Any] = {}
        for key in sorted(value, key=str):
            item = value[key]
            if item is None and self.nullable:
                out[str(key)] = None
            else:
                out[str(key)] = _at(str(key), self._one, item)
        return out or OMIT

    def strip(self, value: Any) -> Any:
        return {k: self.item.strip(v) for k, v in value.items()} if isinstance(value, dict) else value

    def _one(self, value: Any) -> Any:
        return _item(self.item, value)


def _item(kind: Kind, value: Any) -> Any:
    """A list/map item is always printed, even when it is a zero value."""
    out = kind.convert(value)
    if out is OMIT:
        if isinstance(kind, Struct):
            return kind.missing()
        if isinstance(kind, Scalar):
            return kind.zero if value is not None else None
        return kind.missing() if value is None else value
    return out


@record
class Field:
    """A struct field: input key, printed kind, printed name, and ``always`` for fields without omitempty."""

    key: str
    kind: Kind
    out: str = ""
    always: bool = False


@record
class Struct(Kind):
    """A Go struct: its fields in declaration order (the printed key order)."""

    fields: tuple[Field, ...]
    drop: frozenset[str] = frozenset()
    _index: dict[str, tuple[int, Field]] = field(init=False, repr=False, compare=False)
    _always: tuple[tuple[int, Field], ...] = field(init=False, repr=False, compare=False)
    _by_out: dict[str, Kind] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {f.key: (i, f) for i, f in enumerate(self.fields) if f.key not in self.drop}
        # printed names are accepted too, so converting a converted value changes nothing
        index.update({f.out: (i, f) for i, f in enumerate(self.fields) if f.out and f.key not in self.drop})
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_always", tuple(entry for entry in index.values() if entry[1].always))
        object.__setattr__(self, "_by_out", {f.out or f.key: f.kind for f in self.fields})

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping, got {type(value).__name__}")
        found: list[tuple[int, str, Any]] = []
        extensions: list[tuple[str, Any]] = []
        for key, item in value.items():
            entry = self._index.get(key)
            if entry is None:
                if isinstance(key, str) and key.startswith("x-"):
                    extensions.append((key, item))
                continue
            pos, f = entry
            converted = _at(key, f.kind.convert, item)
            if converted is OMIT:
                if not f.always:
                    continue
                converted = f.kind.missing()
            found.append((pos, f.out or f.key, converted))
        for pos, f in self._always:
            if f.key not in value and (not f.out or f.out not in value):
                found.append((pos, f.out or f.key, f.kind.missing()))
        found.sort(key=lambda entry: entry[0])
        out = {key: converted for _, key, converted in found}
        out.update(extensions)
        return out

    def missing(self) -> Any:
        return self.convert({})

    def strip(self, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        by_out = self._by_out
        return {
            k: (by_out[k].strip(v) if k in by_out else v)
            for k, v in value.items()
            if not (isinstance(k, str) and k.startswith("x-"))
        }


@record
class Command(Kind):
    """ShellCommand: printed as ``null`` when absent, ``[]`` when empty (never omitted)."""

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        if isinstance(value, str):
            return values.split_shell(value)
        return [v if isinstance(v, str) else values.go_string(v) for v in value]


@record
class Ulimit(Kind):
    """A single number, or ``{soft, hard}``."""

    def convert(self, value: Any) -> Any:
        if isinstance(value, dict):
            out = {}
            for key in ("soft", "hard"):
                if value.get(key) not in (None, 0):
                    out[key] = values.to_int(value[key])
            return out
        single = values.to_int(value)
        return single if single else {}


@record
class HostsList(Kind):
    """extra_hosts: ``host=ip`` strings, sorted (Go prints the map sorted)."""

    def convert(self, value: Any) -> Any:
        if value is None:
            return OMIT
        if isinstance(value, dict):
            items = [f"{h}={ip}" for h, ips in value.items() for ip in (ips if isinstance(ips, list) else [ips])]
        else:
            items = [str(v).replace(":", "=", 1) if "=" not in str(v) else str(v) for v in value]
        return sorted(items) or OMIT


def _str(value: Any) -> str:
    out = values.go_string(value)
    return "" if out is None else out


@record
class MapValue(Kind):
    """A ``Mapping`` value: always a string, ``None`` printed as ``""``."""

    def convert(self, value: Any) -> Any:
        return "" if value is None else _str(value)


def _file_mode(value: Any) -> str:
    if isinstance(value, str):
        value = int(value.removeprefix("0o"), 8)
    return f"0{values.to_int(value):o}"


def _uint_mode(value: Any) -> int:
    if isinstance(value, str):
        raise ValueError(f"expected an unsigned integer (like 0o755), got the string {value!r}")
    return values.to_int(value)


def _duration(value: Any) -> str:
    return format_duration(parse_duration(value))


def _bytes(value: Any) -> str:
    return str(values.parse_bytes(value))


def _nonzero_duration(value: Any) -> Any:
    ns = parse_duration(value)
    return format_duration(ns) if ns else None


STR = Scalar(_str, "")
INT = Scalar(values.to_int, 0)
INT_PTR = Scalar(values.to_int, 0, keep_zero=True)
FLOAT32 = Scalar(lambda v: values.float32(values.to_float(v)), 0)
BOOL = Scalar(values.to_bool, False)
BOOL_PTR = Scalar(values.to_bool, False, keep_zero=True)
DURATION = Scalar(_nonzero_duration, None)
DURATION_PTR = Scalar(_duration, "0s", keep_zero=True)
BYTES = Scalar(_bytes, "0")
BYTES_ALWAYS = Scalar(_bytes, "0", keep_zero=True)
FILE_MODE = Scalar(_file_mode, "", keep_zero=True)
UINT_MODE = Scalar(_uint_mode, 0)
STR_LIST = ListOf(STR)
MAPPING = MapOf(MapValue(), nullable=False)
MAPPING_EQ = MapOf(Scalar(_str, None, keep_zero=True), nullable=True)
COMMAND = Command()
ANY = Passthrough()


def F(key: str, kind: Kind, *, out: str = "", always: bool = False) -> Field:
    return Field(key, kind, out, always)


def struct(*fields: Field, drop: frozenset[str] = frozenset()) -> Struct:
    return Struct(tuple(fields), drop)
