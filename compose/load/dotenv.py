"""Env files (``.env``, ``--env-file``, a service's ``env_file``): text -> ordered variables.

The rules, as Docker Compose v2 reads them:

- blank lines and lines starting with ``#`` are skipped; ``export NAME=...`` is ``NAME=...``;
- ``NAME=value``: unquoted values end at the line end, `` #`` starts a comment,
  trailing blanks are dropped, ``${VAR}`` is substituted;
- ``NAME="value"``: may span lines; ``\\n \\r \\t \\\\ \\"`` (and the other C escapes)
  are unescaped, ``\\$`` is a literal ``$``, then ``${VAR}`` is substituted;
- ``NAME='value'``: literal, except that ``\\'`` is a quote;
- ``NAME:value`` is accepted like ``NAME=value``;
- ``NAME`` alone takes the value of ``NAME`` from ``lookup`` if it has one, else it is left out.

Inside the file, ``${VAR}`` is looked up in ``lookup`` first, then among the variables the
file defined above. ``parse_raw`` (``format: raw``) takes every value as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from compose.errors import EnvFileError, Location
from compose.load.interpolate import Lookup, Substituter, TemplateError

_SPACE = "\t\v\f\r \x85\xa0"
_EXPORT = re.compile(r"export[\t\v\f\r \x85\xa0]+")
_ESCAPE = re.compile(r"\\(?:[abfnrtv$\"\\]|0[0-9]{0,3})")
_C_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
              '"': '"', "\\": "\\"}


def _no_lookup(_: str) -> str | None:
    return None


class _Parser:
    def __init__(self, text: str, file: str, lookup: Lookup) -> None:
        self.text = text
        self.file = file
        self.lookup = lookup
        self.pos = 0
        self.out: dict[str, str] = {}

    def error(self, message: str, at: int | None = None) -> EnvFileError:
        at = self.pos if at is None else at
        line = self.text.count("\n", 0, at) + 1
        col = at - (self.text.rfind("\n", 0, at) + 1) + 1
        return EnvFileError(message, location=Location(self.file, line, col))

    def parse(self) -> dict[str, str]:
        while self._statement_start():
            self._statement()
        return self.out

    def _statement_start(self) -> bool:
        """Skips blanks and comment lines; False at the end of the text."""
        text = self.text
        n = len(text)
        while self.pos < n:
            c = text[self.pos]
            if c.isspace():
                self.pos += 1
            elif c == "#":
                nl = text.find("\n", self.pos)
                self.pos = n if nl < 0 else nl
            else:
                return True
        return False

    def _statement(self) -> None:
        start = self.pos
        m = _EXPORT.match(self.text, self.pos)
        if m:
            self.pos = m.end()
        key, inherited = self._key(start)
        if inherited:
            value = self.lookup(key)
            if value is not None:
                self.out[key] = value
            return
        while self.pos < len(self.text) and self.text[self.pos] in _SPACE:
            self.pos += 1
        self.out[key] = self._value()

    def _key(self, start: int) -> tuple[str, bool]:
        text = self.text
        i = self.pos
        n = len(text)
        while i < n:
            c = text[i]
            if c in "=:\n":
                key = text[self.pos : i].rstrip()
                self.pos = i + 1
                if " " in key or "\t" in key:
                    raise self.error(f"key cannot contain a space: {key!r}", start)
                return key, c == "\n"
            if not (c in _SPACE or c in "_.-[]" or c.isalnum()):
                line = text[self.pos : n if text.find("\n", i) < 0 else text.find("\n", i)]
                raise self.error(f"unexpected character {c!r} in variable name {line!r}", i)
            i += 1
        key = text[self.pos :].rstrip()
        self.pos = n
        if " " in key or "\t" in key:
            raise self.error(f"key cannot contain a space: {key!r}", start)
        return key, True

    def _value(self) -> str:
        text = self.text
        quote = text[self.pos : self.pos + 1]
        if quote in ("'", '"'):
            return self._quoted(quote)
        nl = text.find("\n", self.pos)
        end = len(text) if nl < 0 else nl
        value = text[self.pos : end]
        at = self.pos
        self.pos = end
        cut = value.find(" #")
        if cut >= 0:
            value = value[:cut]
        value = value.rstrip()
        return self._expand(value, at)

    def _quoted(self, quote: str) -> str:
        text = self.text
        start = self.pos
        chars: list[str] = []
        i = start + 1
        n = len(text)
        escaped = False
        while i < n:
            c = text[i]
            if escaped:
                escaped = False
                if c != quote:
                    chars.append("\\")
                chars.append(c)
            elif c == "\\":
                escaped = True
            elif c == quote:
                self.pos = i + 1
                value = "".join(chars)
                if quote == '"':
                    value = self._expand(_unescape(value), start)
                return value
            else:
                chars.append(c)
            i += 1
        nl = text.find("\n", start)
        shown = text[start : len(text) if nl < 0 else nl]
        raise self.error(f"unterminated quoted value {shown}", start)

    def _expand(self, value: str, at: int) -> str:
        out = self.out

        def lookup(name: str) -> str | None:
            found = self.lookup(name)
            return found if found is not None else out.get(name)

        try:
            return Substituter(lookup)(value)
        except TemplateError as exc:
            raise self.error(exc.message, at) from None


def _unescape(value: str) -> str:
    def one(m: re.Match[str]) -> str:
        s = m.group(0)
        c = s[1]
        if c == "$":
            return "$$"
        if c == "0":
            digits = s[2:]
            return chr(int(digits, 8)) if len(digits) == 3 and int(digits, 8) < 256 else s
        return _C_ESCAPES[c]

    return _ESCAPE.sub(one, value)


def parse(text: str, file: str = "<env>", lookup: Lookup | None = None) -> dict[str, str]:
    """The variables of an env file, in file order; raises ``EnvFileError`` with file:line:col."""
    return _Parser(text, file, lookup or _no_lookup).parse()


def parse_raw(text: str, file: str = "<env>", lookup: Lookup | None = None) -> dict[str, str]:
    """``format: raw``: ``NAME=value`` per line, the value exactly as written (quotes, ``#``, ``$``).

    Leading blanks and ``#`` comment lines are skipped; ``NAME`` alone is taken from ``lookup``.
    """
    lookup = lookup or _no_lookup
    out: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.lstrip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if any(c.isspace() for c in key):
            raise EnvFileError(f"variable {key!r} contains whitespaces", location=Location(file, number, 1))
        if sep:
            out[key] = value
        else:
            inherited = lookup(key)
            if inherited is not None:
                out[key] = inherited
    return out


Reader = Callable[[str], str]
"""Reads a file's text (injected so tests need no files)."""
