"""The lexer of Go's text/template (text/template/parse/lex.go), default delimiters ``{{ }}``."""

from __future__ import annotations

from ._values import go_quote

# token types
ERROR, EOF, TEXT, LDELIM, RDELIM, SPACE = "error", "EOF", "text", "{{", "}}", "space"
BOOL, CHAR, CHARCONST, COMPLEX, ASSIGN, DECLARE = "bool", "char", "charconst", "complex", "=", ":="
FIELD, IDENT, LPAREN, RPAREN, NUMBER, PIPE = "field", "identifier", "(", ")", "number", "|"
RAWSTRING, STRING, VARIABLE = "rawstring", "string", "variable"
KEYWORDS = frozenset({".", "block", "break", "continue", "define", "else", "end", "if", "range", "nil",
                      "template", "with"})


class Token:
    __slots__ = ("pos", "typ", "val")

    def __init__(self, typ: str, pos: int, val: str) -> None:
        self.typ = typ
        self.pos = pos
        self.val = val

    @property
    def keyword(self) -> bool:
        return self.typ in KEYWORDS

    def __str__(self) -> str:
        if self.typ == EOF:
            return "EOF"
        if self.typ == ERROR:
            return self.val
        if self.typ in KEYWORDS:
            return f"<{self.val}>"
        if len(self.val) > 10:
            return go_quote(self.val[:10]) + "..."
        return go_quote(self.val)


_SPACE = " \t\r\n"
_TERMINATORS = frozenset(" \t\r\n.,|:)(")


def _is_alnum(c: str) -> bool:
    return c == "_" or c.isalpha() or c.isdigit()


def _left_trim(s: str, at: int) -> bool:
    return s[at:at + 1] == "-" and s[at + 1:at + 2] in tuple(_SPACE)


def _right_trim(s: str, at: int) -> bool:
    return s[at:at + 1] in tuple(_SPACE) and s[at + 1:at + 2] == "-"


def _uplus(c: str) -> str:
    """Go's %#U."""
    return f"U+{ord(c):04X} '{c}'" if c.isprintable() else f"U+{ord(c):04X}"


def lex(text: str) -> list[Token]:
    """All the tokens of a template; the last is EOF or an ERROR (lexing stops at the first error)."""
    lx = _Lexer(text)
    try:
        lx.run()
    except _LexError as exc:
        lx.tokens.append(Token(ERROR, exc.pos, exc.message))
    return lx.tokens


class _LexError(Exception):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


class _Lexer:
    def __init__(self, text: str) -> None:
        self.s = text
        self.pos = 0
        self.start = 0
        self.tokens: list[Token] = []
        self.paren_depth = 0

    def emit(self, typ: str) -> None:
        self.tokens.append(Token(typ, self.start, self.s[self.start:self.pos]))
        self.start = self.pos

    def fail(self, message: str) -> _LexError:
        return _LexError(message, self.start)

    def peek(self) -> str:
        return self.s[self.pos:self.pos + 1]

    def at_terminator(self) -> bool:
        c = self.peek()
        return c == "" or c in _TERMINATORS or self.s.startswith("}}", self.pos)

    def at_right_delim(self) -> tuple[bool, bool]:
        if _right_trim(self.s, self.pos) and self.s.startswith("}}", self.pos + 2):
            return True, True
        return self.s.startswith("}}", self.pos), False

    def run(self) -> None:
        s = self.s
        while True:
            x = s.find("{{", self.pos)
            if x < 0:
                self.pos = len(s)
                if self.pos > self.start:
                    self.emit(TEXT)
                self.emit(EOF)
                return
            text = s[self.start:x]
            if _left_trim(s, x + 2):
                text = text.rstrip(_SPACE)
            if text:
                self.tokens.append(Token(TEXT, self.start, text))
            self.pos = self.start = x
            self.left_delim()

    def left_delim(self) -> None:
        s = self.s
        self.pos += 2
        trim = _left_trim(s, self.pos)
        after = 2 if trim else 0
        if s.startswith("/*", self.pos + after):
            self.pos += after
            self.start = self.pos
            self.comment()
            return
        self.emit(LDELIM)
        self.pos += after
        self.start = self.pos
        self.paren_depth = 0
        self.inside_action()

    def comment(self) -> None:
        s = self.s
        self.pos += 2
        x = s.find("*/", self.pos)
        if x < 0:
            raise self.fail("unclosed comment")
        self.pos = x + 2
        delim, trim = self.at_right_delim()
        if not delim:
            raise self.fail("comment ends before closing delimiter")
        self.pos += (2 if trim else 0) + 2
        if trim:
            self.pos = len(s) - len(s[self.pos:].lstrip(_SPACE))
        self.start = self.pos

    def right_delim(self, trim: bool) -> None:
        if trim:
            self.pos += 2
            self.start = self.pos
        self.pos += 2
        self.emit(RDELIM)
        if trim:
            self.pos = len(self.s) - len(self.s[self.pos:].lstrip(_SPACE))
            self.start = self.pos

    def inside_action(self) -> None:
        s = self.s
        while True:
            delim, trim = self.at_right_delim()
            if delim:
                if self.paren_depth == 0:
                    self.right_delim(trim)
                    return
                raise self.fail("unclosed left paren")
            c = self.peek()
            if c == "":
                raise self.fail("unclosed action")
            if c in _SPACE:
                self.space()
                continue
            self.pos += 1
            if c == "=":
                self.emit(ASSIGN)
            elif c == ":":
                if self.peek() != "=":
                    raise self.fail("expected :=")
                self.pos += 1
                self.emit(DECLARE)
            elif c == "|":
                self.emit(PIPE)
            elif c == '"':
                self.quote()
            elif c == "`":
                x = s.find("`", self.pos)
                if x < 0:
                    raise self.fail("unterminated raw quoted string")
                self.pos = x + 1
                self.emit(RAWSTRING)
            elif c == "$":
                if self.at_terminator():
                    self.emit(VARIABLE)
                else:
                    self.field_or_variable(VARIABLE)
            elif c == "'":
                self.char()
            elif c == "." and not ("0" <= self.peek() <= "9" and self.peek() != ""):
                if self.at_terminator():
                    self.emit(".")
                else:
                    self.field_or_variable(FIELD)
            elif c in "+-." or "0" <= c <= "9":
                self.pos -= 1
                self.number()
            elif _is_alnum(c):
                self.identifier()
            elif c == "(":
                self.paren_depth += 1
                self.emit(LPAREN)
            elif c == ")":
                self.paren_depth -= 1
                if self.paren_depth < 0:
                    raise self.fail("unexpected right paren")
                self.emit(RPAREN)
            elif c.isascii() and c.isprintable():
                self.emit(CHAR)
            else:
                raise self.fail(f"unrecognized character in action: {_uplus(c)}")

    def space(self) -> None:
        s = self.s
        n = 0
        while self.peek() and self.peek() in _SPACE:
            self.pos += 1
            n += 1
        if _right_trim(s, self.pos - 1) and s.startswith("}}", self.pos + 1):
            self.pos -= 1
            if n == 1:
                return  # the right delimiter follows
        if self.pos > self.start:
            self.emit(SPACE)

    def identifier(self) -> None:
        while self.peek() and _is_alnum(self.peek()):
            self.pos += 1
        word = self.s[self.start:self.pos]
        if not self.at_terminator():
            raise self.fail(f"bad character {_uplus(self.peek())}")
        if word in KEYWORDS:
            self.emit(word)
        elif word in ("true", "false"):
            self.emit(BOOL)
        else:
            self.emit(IDENT)

    def field_or_variable(self, typ: str) -> None:
        while self.peek() and _is_alnum(self.peek()):
            self.pos += 1
        if not self.at_terminator():
            raise self.fail(f"bad character {_uplus(self.peek())}")
        self.emit(typ)

    def char(self) -> None:
        while True:
            c = self.peek()
            self.pos += 1
            if c == "\\":
                c = self.peek()
                self.pos += 1
                if c not in ("", "\n"):
                    continue
            if c in ("", "\n"):
                raise self.fail("unterminated character constant")
            if c == "'":
                break
        self.emit(CHARCONST)

    def quote(self) -> None:
        while True:
            c = self.peek()
            self.pos += 1
            if c == "\\":
                c = self.peek()
                self.pos += 1
                if c not in ("", "\n"):
                    continue
            if c in ("", "\n"):
                raise self.fail("unterminated quoted string")
            if c == '"':
                break
        self.emit(STRING)

    def number(self) -> None:
        if not self.scan_number():
            raise self.fail(f"bad number syntax: {go_quote(self.s[self.start:self.pos])}")
        if self.peek() in ("+", "-") and self.peek():
            if not self.scan_number() or self.s[self.pos - 1] != "i":
                raise self.fail(f"bad number syntax: {go_quote(self.s[self.start:self.pos])}")
            self.emit(COMPLEX)
        else:
            self.emit(NUMBER)

    def accept(self, valid: str) -> bool:
        c = self.peek()
        if c and c in valid:
            self.pos += 1
            return True
        return False

    def accept_run(self, valid: str) -> None:
        while self.accept(valid):
            pass

    def scan_number(self) -> bool:
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        if self.peek() and _is_alnum(self.peek()):
            self.pos += 1
            return False
        return True
