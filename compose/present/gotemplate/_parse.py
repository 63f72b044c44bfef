"""The parser of Go's text/template (text/template/parse/parse.go, node.go), as a tree of nodes.

Refused, with the position: ``define``, ``template`` and ``block`` (named templates) and complex
numbers. Everything else of the language parses as Go parses it, with Go's error messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from . import _lex as L
from ._nodes import (
    Action,
    Bool,
    Branch,
    Break,
    Chain,
    Command,
    Continue,
    Dot,
    Field,
    Identifier,
    ListNode,
    Nil,
    Node,
    Number,
    Pipe,
    String,
    Text,
    Variable,
    _Else,
    _End,
)
from ._values import go_quote


class ParseError(Exception):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


# -- the parser ----------------------------------------------------------------------------

class Parser:
    def __init__(self, text: str, has_function: Callable[[str], bool]) -> None:
        self.tokens = L.lex(text)
        self.i = 0
        self.has_function = has_function
        self.vars = ["$"]
        self.range_depth = 0
        self.last = self.tokens[0]

    # token stream ------------------------------------------------------------------------
    def next(self) -> L.Token:
        tok = self.tokens[min(self.i, len(self.tokens) - 1)]
        self.i += 1
        self.last = tok
        if tok.typ == L.ERROR:
            raise ParseError(tok.val, tok.pos)
        return tok

    def backup(self, n: int = 1) -> None:
        self.i -= n

    def peek(self) -> L.Token:
        tok = self.next()
        self.backup()
        return tok

    def next_non_space(self) -> L.Token:
        tok = self.next()
        while tok.typ == L.SPACE:
            tok = self.next()
        return tok

    def peek_non_space(self) -> L.Token:
        tok = self.next_non_space()
        self.backup()
        return tok

    def error(self, message: str, pos: int | None = None) -> ParseError:
        return ParseError(message, self.last.pos if pos is None else pos)

    def unexpected(self, tok: L.Token, context: str) -> ParseError:
        return self.error(f"unexpected {tok} in {context}", tok.pos)

    def expect(self, typ: str, context: str) -> L.Token:
        tok = self.next_non_space()
        if tok.typ != typ:
            raise self.unexpected(tok, context)
        return tok

    # grammar -----------------------------------------------------------------------------
    def parse(self) -> ListNode:
        root = ListNode(self.peek().pos)
        while self.peek().typ != L.EOF:
            n = self.text_or_action()
            if isinstance(n, _End | _Else):
                raise self.error(f"unexpected {n}", n.pos)
            root.nodes.append(n)
        return root

    def item_list(self) -> tuple[ListNode, Node]:
        body = ListNode(self.peek_non_space().pos)
        while self.peek_non_space().typ != L.EOF:
            n = self.text_or_action()
            if isinstance(n, _End | _Else):
                return body, n
            body.nodes.append(n)
        raise self.error("unexpected EOF")

    def text_or_action(self) -> Node:
        tok = self.next_non_space()
        if tok.typ == L.TEXT:
            return Text(tok.pos, tok.val)
        if tok.typ == L.LDELIM:
            return self.action()
        raise self.unexpected(tok, "input")

    def action(self) -> Node:
        tok = self.next_non_space()
        typ = tok.typ
        if typ in ("if", "with", "range"):
            return self.control(typ)
        if typ == "else":
            peek = self.peek_non_space()
            if peek.typ in ("if", "with"):
                return _Else(peek.pos)
            return _Else(self.expect(L.RDELIM, "else").pos)
        if typ == "end":
            return _End(self.expect(L.RDELIM, "end").pos)
        if typ in ("break", "continue"):
            after = self.next_non_space()
            if after.typ != L.RDELIM:
                raise self.unexpected(after, "{{" + typ + "}}")
            if self.range_depth == 0:
                raise self.error(f"{{{{{typ}}}}} outside {{{{range}}}}", tok.pos)
            return Break(tok.pos) if typ == "break" else Continue(tok.pos)
        if typ in ("define", "template", "block"):
            raise self.error(f"{{{{{typ}}}}} (named templates) is not supported", tok.pos)
        self.backup()
        tok = self.peek()
        return Action(tok.pos, self.pipeline("command", L.RDELIM))

    def control(self, kind: str) -> Node:
        mark = len(self.vars)
        try:
            pipe = self.pipeline(kind, L.RDELIM)
            if kind == "range":
                self.range_depth += 1
            body, nxt = self.item_list()
            if kind == "range":
                self.range_depth -= 1
            else_list: ListNode | None = None
            if isinstance(nxt, _Else):
                if kind in ("if", "with") and self.peek().typ == kind:
                    self.next()
                    else_list = ListNode(nxt.pos)
                    else_list.nodes.append(self.control(kind))
                else:
                    else_list, nxt = self.item_list()
                    if not isinstance(nxt, _End):
                        raise self.error(f"expected end; found {nxt}", nxt.pos)
            return Branch(kind, pipe.pos, pipe, body, else_list)
        finally:
            del self.vars[mark:]

    def pipeline(self, context: str, end: str) -> Pipe:
        pipe = Pipe(self.peek_non_space().pos)
        while True:  # declarations
            v = self.peek_non_space()
            if v.typ != L.VARIABLE:
                break
            save = self.i
            self.next_non_space()
            nxt = self.peek_non_space()
            if nxt.typ in (L.ASSIGN, L.DECLARE):
                pipe.is_assign = nxt.typ == L.ASSIGN
                self.next_non_space()
                pipe.decl.append(Variable(v.pos, [v.val]))
                self.vars.append(v.val)
                break
            if nxt.typ == L.CHAR and nxt.val == ",":
                self.next_non_space()
                pipe.decl.append(Variable(v.pos, [v.val]))
                self.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in (L.VARIABLE, L.RDELIM, L.RPAREN):
                        continue
                    raise self.error("range can only initialize variables")
                raise self.error(f"too many declarations in {context}")
            self.i = save  # not a declaration: the variable is the first operand
            break
        while True:
            tok = self.next_non_space()
            if tok.typ == end:
                self.check_pipeline(pipe, context)
                return pipe
            if tok.typ in (L.BOOL, L.CHARCONST, L.COMPLEX, ".", L.FIELD, L.IDENT, L.NUMBER, "nil",
                           L.RAWSTRING, L.STRING, L.VARIABLE, L.LPAREN):
                self.backup()
                pipe.cmds.append(self.command())
            else:
                raise self.unexpected(tok, context)

    def check_pipeline(self, pipe: Pipe, context: str) -> None:
        if not pipe.cmds:
            raise self.error(f"missing value for {context}")
        for i, c in enumerate(pipe.cmds[1:]):
            if isinstance(c.args[0], Bool | Dot | Nil | Number | String):
                raise self.error(f"non executable command in pipeline stage {i + 2}", c.pos)

    def command(self) -> Command:
        cmd = Command(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            tok = self.next()
            if tok.typ == L.SPACE:
                continue
            if tok.typ in (L.RDELIM, L.RPAREN):
                self.backup()
            elif tok.typ != L.PIPE:
                raise self.error(f"unexpected {tok} in operand", tok.pos)
            break
        if not cmd.args:
            raise self.error("empty command")
        return cmd

    def operand(self) -> Node | None:
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == L.FIELD:
            pos = self.peek().pos
            fields: list[str] = []
            while self.peek().typ == L.FIELD:
                fields.append(self.next().val[1:])
            if isinstance(node, Field):
                return Field(pos, node.idents + fields)
            if isinstance(node, Variable):
                return Variable(pos, node.idents + fields)
            if isinstance(node, Bool | String | Number | Nil | Dot):
                raise self.error(f"unexpected . after term {go_quote(str(node))}", pos)
            return Chain(pos, node, fields)
        return node

    def term(self) -> Node | None:
        tok = self.next_non_space()
        typ = tok.typ
        if typ == L.IDENT:
            if not self.has_function(tok.val):
                raise self.error(f"function {go_quote(tok.val)} not defined", tok.pos)
            return Identifier(tok.pos, tok.val)
        if typ == ".":
            return Dot(tok.pos)
        if typ == "nil":
            return Nil(tok.pos)
        if typ == L.VARIABLE:
            if tok.val not in self.vars:
                raise self.error(f"undefined variable {go_quote(tok.val)}", tok.pos)
            return Variable(tok.pos, [tok.val])
        if typ == L.FIELD:
            return Field(tok.pos, [tok.val[1:]])
        if typ == L.BOOL:
            return Bool(tok.pos, tok.val == "true")
        if typ in (L.CHARCONST, L.NUMBER):
            return self.number(tok)
        if typ == L.COMPLEX:
            raise self.error("complex numbers are not supported", tok.pos)
        if typ == L.LPAREN:
            return self.pipeline("parenthesized pipeline", L.RPAREN)
        if typ in (L.STRING, L.RAWSTRING):
            return String(tok.pos, tok.val, self.unquote(tok))
        self.backup()
        return None

    def unquote(self, tok: L.Token) -> str:
        try:
            return unquote(tok.val)
        except ValueError:
            raise self.error("invalid syntax", tok.pos) from None

    def number(self, tok: L.Token) -> Number:
        n = Number(tok.pos, tok.val)
        text = tok.val
        if tok.typ == L.CHARCONST:
            try:
                body = unquote('"' + text[1:-1] + '"') if text[1:-1] != '"' else '"'
            except ValueError:
                body = ""
            if len(body) != 1 or text[1:-1] == "\\\"":
                if text[1:-1] != "\\'":
                    raise self.error(f"malformed character constant: {text}", tok.pos)
                body = "'"
            n.is_rune = n.is_int = n.is_float = True
            n.value_int = ord(body)
            n.value_float = float(n.value_int)
            return n
        value = _parse_int(text)
        if value is not None:
            if not -(1 << 63) <= value < (1 << 63):
                if not text.startswith("-") and value < (1 << 64):
                    raise self.error(f"{text} overflows int", tok.pos)
                raise self.error(f"integer overflow: {go_quote(text)}", tok.pos)
            n.is_int = n.is_float = True
            n.value_int = value
            n.value_float = float(value)
            return n
        f = _parse_float(text)
        if f is None:
            raise self.error(f"illegal number syntax: {go_quote(text)}", tok.pos)
        if not any(c in text for c in ".eEpP"):
            raise self.error(f"integer overflow: {go_quote(text)}", tok.pos)
        n.is_float = True
        n.value_float = f
        if f.is_integer() and -(2.0 ** 63) <= f < 2.0 ** 63:
            n.is_int = True
            n.value_int = int(f)
        return n


def _parse_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64) without the range check (a leading 0 is octal)."""
    sign = -1 if text.startswith("-") else 1
    body = text[1:] if text[:1] in "+-" else text
    try:
        if len(body) > 1 and body[0] == "0" and body[1] in "01234567_":
            return sign * int(body[1:].replace("_", ""), 8) if "__" not in body else None
        return sign * int(body, 0)
    except ValueError:
        return None


def _parse_float(text: str) -> float | None:
    try:
        if text.lstrip("+-")[:2] in ("0x", "0X"):
            return float.fromhex(text.replace("_", ""))
        return float(text)
    except ValueError:
        return None


_ESC = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"'}


def unquote(quoted: str) -> str:
    """strconv.Unquote of a "..." or `...` literal (bytes from \\x and octal escapes, decoded as UTF-8)."""
    if quoted.startswith("`"):
        if len(quoted) < 2 or not quoted.endswith("`"):
            raise ValueError(quoted)
        return quoted[1:-1].replace("\r", "")
    if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
        raise ValueError(quoted)
    body = quoted[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8", "surrogatepass")
            i += 1
            continue
        e = body[i + 1:i + 2]
        i += 2
        if e in _ESC:
            out += _ESC[e].encode()
        elif e == "x":
            out.append(int(_hex(body[i:i + 2], 2), 16))
            i += 2
        elif e in ("u", "U"):
            width = 4 if e == "u" else 8
            code = int(_hex(body[i:i + width], width), 16)
            if code > 0x10FFFF or 0xD800 <= code < 0xE000:
                raise ValueError(quoted)
            out += chr(code).encode()
            i += width
        elif e in "01234567" and e:
            digits = body[i - 1:i + 2]
            if len(digits) != 3 or any(d not in "01234567" for d in digits) or int(digits, 8) > 255:
                raise ValueError(quoted)
            out.append(int(digits, 8))
            i += 2
        else:
            raise ValueError(quoted)
    return out.decode("utf-8", "replace")


def _hex(digits: str, width: int) -> str:
    if len(digits) != width or any(d not in "0123456789abcdefABCDEF" for d in digits):
        raise ValueError(digits)
    return digits


def parse(text: str, has_function: Callable[[str], bool]) -> ListNode:
    return Parser(text, has_function).parse()


__all__: Sequence[str] = ("Node", "ParseError", "parse")
