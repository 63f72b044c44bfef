"""Go's text/template, the subset Docker's ``--format`` options use, over JSON-like Python data.

    compile_template(text) -> Template       TemplateError (a ComposeError) for a malformed template
    Template.render(data) -> str             TemplateError for an execution error
    render_rows(format, rows, headers)       Docker's --format: "json", "table ...", or a template
    tabwrite(text)                           Go's text/tabwriter as Docker's tables use it
    go_json(value)                           Go's encoding/json (compact, map keys sorted)

The language: text and ``{{ }}`` actions with ``{{-``/``-}}`` trims and ``{{/* */}}`` comments;
``.``, ``.A.B``, ``$``, ``$x.A``, ``(pipeline).A``; ``$x := ...``, ``$x = ...``; pipelines
``a | b``; string (``"..."``, raw), number (ints, floats, hex/octal/binary, runes), bool and
``nil`` literals; ``if``/``else if``/``else``, ``with``/``else with``/``else``, ``range`` (lists,
maps by sorted key, ints; ``$i, $v :=``; ``else``; ``break``/``continue``). Functions: Go's ``and
or not eq ne lt le gt ge len index slice print printf println html js urlquery call`` and
Docker's ``json split join lower upper title truncate pad``. Named templates (``define``,
``template``, ``block``) and complex numbers are refused.

Values are printed as Go prints them (``map[a:1 b:2]``, ``[a b]``, ``<no value>`` for a missing
map key, ``1e+06``); the Go type of a value follows from the data (see ``_values``): a list of
strings is a ``[]string``, a dict of strings a ``map[string]string``, other lists and dicts hold
``interface {}``. A dict value that is a Python callable is called like a Go method
(``{{.Label "k"}}``). Errors are Go's, with the line and byte column:
``template: :1:2: executing "" at <.A.B>: can't evaluate field B in type string``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from compose.errors import ComposeError

from . import _exec, _nodes, _parse
from ._funcs import BUILTINS, HEADER_FUNCS, Func
from ._json import go_json
from ._table import AutoHeaders, header_of, tabwrite
from ._values import Struct, utf8_len

__all__ = ["Struct", "Template", "TemplateError", "compile_template", "go_json", "header_of", "render_rows", "tabwrite"]


class TemplateError(ComposeError):
    """A template that does not parse, or fails to execute; ``line`` and ``col`` (a byte offset in
    the line, as Go counts) say where."""

    def __init__(self, message: str, *, line: int, col: int, source: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.source = source


def _where(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    return text.count("\n", 0, pos) + 1, utf8_len(text[start:pos])


class Template:
    """A parsed template; ``render`` executes it over one value."""

    __slots__ = ("_root", "source")

    def __init__(self, source: str, root: _nodes.ListNode) -> None:
        self.source = source
        self._root = root

    def render(self, data: object) -> str:
        out, err = self._run(data, BUILTINS)
        if err is not None:
            raise err
        return out

    def render_header(self, headers: Mapping[str, object] | None = None) -> str:
        """The header row of a ``table`` format, as Docker renders it: this template over the header
        map, with Docker's header functions (``upper`` and the like leave the header alone); an
        error stops the row where it happened, silently."""
        out, _ = self._run(AutoHeaders() if headers is None else headers, HEADER_FUNCS)
        return out

    def _run(self, data: object, funcs: Mapping[str, Func]) -> tuple[str, TemplateError | None]:
        state = _exec.State(funcs, data)
        try:
            state.walk(state.dot, self._root)
        except _exec.ExecError as exc:
            node = exc.node
            line, col = _where(self.source, node.pos if node is not None else 0)
            context = f" executing \"\" at <{node}>:" if node is not None else ""
            err = TemplateError(f"template: :{line}:{col}:{context} {exc.message}", line=line, col=col,
                                source=self.source)
            return "".join(state.out), err
        return "".join(state.out), None

    def __repr__(self) -> str:
        return f"Template({self.source!r})"


@lru_cache(maxsize=64)
def compile_template(text: str) -> Template:
    """Parse a Go template; ``TemplateError`` names the line and column of the first problem."""
    try:
        root = _parse.parse(text, BUILTINS.__contains__)
    except _parse.ParseError as exc:
        line, col = _where(text, exc.pos)
        raise TemplateError(f"template: :{line}:{col}: {exc.message}", line=line, col=col, source=text) from None
    return Template(text, root)


_ESCAPES = re.compile(r"\\[tn]")


def render_rows(format: str, rows: Sequence[Mapping[str, object]], headers: Mapping[str, object] | None = None,
                *, table_default: str | None = None) -> str:
    """Docker's ``--format`` over rows: ``json`` (one object a line, keys in the row's order, as
    Go marshals a struct); ``table TEMPLATE`` (a header row from ``headers``, the field -> header
    map, or from the field names when None, then the rows, columns aligned); or a template (a line
    a row). As Docker does, ``\\t`` and ``\\n`` in the format are a tab and a newline, and
    ``table`` alone is ``table_default`` when given."""
    if format.lower() == "json":
        return "".join(go_json(row, escape_html=True, sort_keys=False) + "\n" for row in rows)
    if format.strip() == "table" and table_default is not None:
        return render_rows(table_default, rows, headers)
    is_table = format.startswith("table")
    text = format[len("table"):] if is_table else format
    text = _ESCAPES.sub(lambda m: "\t" if m.group() == "\\t" else "\n", text.strip(" "))
    tmpl = compile_template(text)
    body = "".join(tmpl.render(row) + "\n" for row in rows)
    if not is_table:
        return body
    return tabwrite(tmpl.render_header(headers) + "\n" + body)
