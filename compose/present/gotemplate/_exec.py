"""The executor of Go's text/template (text/template/exec.go) over JSON-like Python data.

A ``dict`` value that is a Python callable acts as a Go method: ``{{.Label "k"}}`` calls it.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import _nodes as P
from ._fmt import sprint_value
from ._funcs import Func, FuncError, is_true
from ._values import MISSING, Box, StrSlice, Struct, elem, go_quote, is_str_list, type_name, unbox


class ExecError(Exception):
    def __init__(self, message: str, node: P.Node | None) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _NoFinal:
    __slots__ = ()


NOFINAL = _NoFinal()
_METHOD = Func((), "any", lambda argv: None)


class State:
    def __init__(self, funcs: Mapping[str, Func], data: object) -> None:
        self.funcs = funcs
        self.out: list[str] = []
        self.node: P.Node | None = None
        root = MISSING if data is None else data
        self.vars: list[list[object]] = [["$", root]]
        self.dot = root

    def error(self, message: str) -> ExecError:
        return ExecError(message, self.node)

    # variables ---------------------------------------------------------------------------
    def set_var(self, name: str, value: object) -> None:
        for v in reversed(self.vars):
            if v[0] == name:
                v[1] = value
                return
        raise self.error(f"undefined variable: {name}")

    def var_value(self, name: str) -> object:
        for v in reversed(self.vars):
            if v[0] == name:
                return v[1]
        raise self.error(f"undefined variable: {name}")

    # walking -----------------------------------------------------------------------------
    def walk(self, dot: object, node: P.Node) -> None:
        self.node = node
        if isinstance(node, P.Text):
            self.out.append(node.text)
        elif isinstance(node, P.Action):
            val = self.eval_pipeline(dot, node.pipe)
            if not node.pipe.decl:
                self.node = node
                self.out.append("<no value>" if val is MISSING else sprint_value(val))
        elif isinstance(node, P.ListNode):
            for n in node.nodes:
                self.walk(dot, n)
        elif isinstance(node, P.Branch):
            if node.kind == "range":
                self.walk_range(dot, node)
            else:
                self.walk_if_or_with(dot, node)
        elif isinstance(node, P.Break):
            raise _Break
        elif isinstance(node, P.Continue):
            raise _Continue
        else:
            raise self.error(f"unknown node: {node}")

    def walk_if_or_with(self, dot: object, node: P.Branch) -> None:
        mark = len(self.vars)
        try:
            val = self.eval_pipeline(dot, node.pipe)
            if is_true(val):
                self.walk(val if node.kind == "with" else dot, node.list)
            elif node.else_list is not None:
                self.walk(dot, node.else_list)
        finally:
            del self.vars[mark:]

    def walk_range(self, dot: object, r: P.Branch) -> None:
        self.node = r
        mark = len(self.vars)
        try:
            val = unbox(self.eval_pipeline(dot, r.pipe))
            inner = len(self.vars)
            decl = r.pipe.decl

            def one(index: object, item: object) -> None:
                if decl:
                    if r.pipe.is_assign:
                        self.set_var(decl[0].idents[0], index if len(decl) > 1 else item)
                    else:
                        self.vars[-1][1] = item
                if len(decl) > 1:
                    if r.pipe.is_assign:
                        self.set_var(decl[1].idents[0], item)
                    else:
                        self.vars[-2][1] = index
                try:
                    self.walk(item, r.list)
                except _Continue:
                    pass
                finally:
                    del self.vars[inner:]

            try:
                if isinstance(val, list) and val:
                    for i, e in enumerate(val):
                        one(i, elem(val, e))
                    return
                if isinstance(val, Mapping) and val:
                    for k in sorted(val):
                        one(k, elem(val, val[k]))
                    return
                if isinstance(val, int) and not isinstance(val, bool):
                    if len(decl) > 1:
                        raise self.error(f"can't use {val} to iterate over more than one variable")
                    if val > 0:
                        for i in range(int(val)):
                            one(i, i)
                        return
                elif not (val is MISSING or isinstance(val, list | Mapping)):
                    raise self.error(f"range can't iterate over {sprint_value(val)}")
            except _Break:
                return
            if r.else_list is not None:
                self.walk(dot, r.else_list)
        finally:
            del self.vars[mark:]

    # evaluation --------------------------------------------------------------------------
    def eval_pipeline(self, dot: object, pipe: P.Pipe) -> object:
        self.node = pipe
        value: object = NOFINAL
        for cmd in pipe.cmds:
            value = self.eval_command(dot, cmd, value)
            if isinstance(value, Box):
                value = unbox(value)
        for v in pipe.decl:
            if pipe.is_assign:
                self.set_var(v.idents[0], value)
            else:
                self.vars.append([v.idents[0], value])
        return value

    def not_a_function(self, args: list[P.Node], final: object) -> None:
        if len(args) > 1 or final is not NOFINAL:
            raise self.error(f"can't give argument to non-function {args[0]}")

    def eval_command(self, dot: object, cmd: P.Command, final: object) -> object:
        first = cmd.args[0]
        if isinstance(first, P.Field):
            return self.eval_field_node(dot, first, cmd.args, final)
        if isinstance(first, P.Chain):
            return self.eval_chain_node(dot, first, cmd.args, final)
        if isinstance(first, P.Identifier):
            return self.eval_function(dot, first, cmd, cmd.args, final)
        if isinstance(first, P.Pipe):
            self.not_a_function(cmd.args, final)
            return self.eval_pipeline(dot, first)
        if isinstance(first, P.Variable):
            return self.eval_variable_node(dot, first, cmd.args, final)
        self.node = first
        self.not_a_function(cmd.args, final)
        if isinstance(first, P.Bool):
            return first.value
        if isinstance(first, P.Dot):
            return dot
        if isinstance(first, P.Nil):
            raise self.error("nil is not a command")
        if isinstance(first, P.Number):
            return self.ideal_constant(first)
        if isinstance(first, P.String):
            return first.text
        raise self.error(f"can't evaluate command {first}")

    def ideal_constant(self, n: P.Number) -> object:
        self.node = n
        text = n.text
        hex_int = len(text) > 2 and text[0] == "0" and text[1] in "xX" and not any(c in text for c in "pP")
        if n.is_float and not hex_int and not n.is_rune and any(c in text for c in ".eEpP"):
            return n.value_float
        if n.is_int:
            return n.value_int
        raise self.error(f"{text} overflows int")

    def eval_field_node(self, dot: object, field: P.Field, args: list[P.Node] | None, final: object) -> object:
        self.node = field
        return self.eval_field_chain(dot, dot, field, field.idents, args, final)

    def eval_chain_node(self, dot: object, chain: P.Chain, args: list[P.Node] | None, final: object) -> object:
        self.node = chain
        if isinstance(chain.node, P.Nil):
            raise self.error(f"indirection through explicit nil in {chain}")
        pipe = self.eval_arg(dot, None, chain.node)
        return self.eval_field_chain(dot, pipe, chain, chain.fields, args, final)

    def eval_variable_node(self, dot: object, var: P.Variable, args: list[P.Node] | None, final: object) -> object:
        self.node = var
        value = self.var_value(var.idents[0])
        if len(var.idents) == 1:
            self.not_a_function(args or [var], final)
            return value
        return self.eval_field_chain(dot, value, var, var.idents[1:], args, final)

    def eval_field_chain(self, dot: object, receiver: object, node: P.Node, idents: list[str],
                         args: list[P.Node] | None, final: object) -> object:
        for name in idents[:-1]:
            receiver = self.eval_field(dot, name, node, None, NOFINAL, receiver)
        return self.eval_field(dot, idents[-1], node, args, final, receiver)

    def eval_field(self, dot: object, name: str, node: P.Node, args: list[P.Node] | None, final: object,
                   receiver: object) -> object:
        if receiver is MISSING:
            return MISSING
        typ = type_name(receiver)
        if isinstance(receiver, Box):
            if receiver.v is None:
                raise self.error(f"nil pointer evaluating {typ}.{name}")
            receiver = receiver.v
        if isinstance(receiver, Mapping):
            value = receiver.get(name, MISSING)
            if value is MISSING and isinstance(receiver, Struct):
                raise self.error(f"can't evaluate field {name} in type {typ}")
            if callable(value):
                return self.eval_call(dot, _METHOD, value, node, name, args, final)
            if (args is not None and len(args) > 1) or final is not NOFINAL:
                raise self.error(f"{name} is not a method but has arguments")
            return MISSING if value is MISSING else elem(receiver, value)
        raise self.error(f"can't evaluate field {name} in type {typ}")

    def eval_function(self, dot: object, node: P.Identifier, cmd: P.Node, args: list[P.Node] | None,
                      final: object) -> object:
        self.node = node
        fn = self.funcs.get(node.name)
        if fn is None:
            raise self.error(f"{go_quote(node.name)} is not a defined function")
        return self.eval_call(dot, fn, None, cmd, node.name, args, final)

    def eval_call(self, dot: object, fn: Func, method: object, node: P.Node, name: str,
                  args: list[P.Node] | None, final: object) -> object:
        rest = args[1:] if args is not None else []
        num_in = len(rest) + (final is not NOFINAL)
        num_fixed = len(fn.params)
        if fn.variadic is not None:
            if num_in < num_fixed:
                raise self.error(f"wrong number of args for {name}: want at least {num_fixed} got {len(rest)}")
        elif num_in != num_fixed:
            raise self.error(f"wrong number of args for {name}: want {num_fixed} got {num_in}")
        if method is None and name in ("and", "or"):
            v: object = MISSING
            for a in rest:
                v = self.eval_arg(dot, "value", a)
                if is_true(v) == (name == "or"):
                    return v
            if final is not NOFINAL:
                v = self.validate_type(final, "value")
            return v
        argv: list[object] = []
        for i, a in enumerate(rest):
            argv.append(self.eval_arg(dot, fn.params[i] if i < num_fixed else fn.variadic, a))
        if final is not NOFINAL:
            t = fn.params[num_in - 1] if num_in - 1 < num_fixed else fn.variadic
            argv.append(self.validate_type(final, t))
        try:
            if method is not None:
                return method(*argv)  # type: ignore[operator]
            return fn.impl(argv)
        except FuncError as exc:
            self.node = node
            raise self.error(f"error calling {name}: {exc}") from None
        except (ExecError, _Break, _Continue):
            raise
        except Exception as exc:
            if method is None:
                raise
            self.node = node
            raise self.error(f"error calling {name}: {exc}") from None

    def validate_type(self, value: object, typ: str | None) -> object:
        if value is MISSING:
            if typ is None or typ == "value":
                return MISSING
            if typ == "any":
                return None
            if typ == "[]string":
                return StrSlice()
            raise self.error(f"invalid value; expected {typ}")
        if typ is None or typ == "value":
            return value
        if typ == "any":
            return value.v if isinstance(value, Box) else value
        v = value
        if isinstance(v, Box):
            if v.v is None:
                raise self.error(f"wrong type for value; expected {typ}; got interface {{}}")
            v = v.v
        ok = (isinstance(v, str) if typ == "string"
              else isinstance(v, int) and not isinstance(v, bool) and type_name(v) == "int" if typ == "int"
              else isinstance(v, list) and is_str_list(v))
        if not ok:
            raise self.error(f"wrong type for value; expected {typ}; got {type_name(v)}")
        return v

    def eval_arg(self, dot: object, typ: str | None, n: P.Node) -> object:
        self.node = n
        if isinstance(n, P.Dot):
            return self.validate_type(dot, typ)
        if isinstance(n, P.Nil):
            if typ in (None, "value"):
                return MISSING
            if typ == "any":
                return None
            if typ == "[]string":
                return StrSlice()
            raise self.error(f"cannot assign nil to {typ}")
        if isinstance(n, P.Field):
            return self.validate_type(self.eval_field_node(dot, n, [n], NOFINAL), typ)
        if isinstance(n, P.Variable):
            return self.validate_type(self.eval_variable_node(dot, n, None, NOFINAL), typ)
        if isinstance(n, P.Pipe):
            return self.validate_type(self.eval_pipeline(dot, n), typ)
        if isinstance(n, P.Identifier):
            return self.validate_type(self.eval_function(dot, n, n, None, NOFINAL), typ)
        if isinstance(n, P.Chain):
            return self.validate_type(self.eval_chain_node(dot, n, None, NOFINAL), typ)
        if typ == "int":
            if isinstance(n, P.Number) and n.is_int:
                return n.value_int
            raise self.error(f"expected integer; found {n}")
        if typ == "string":
            if isinstance(n, P.String):
                return n.text
            raise self.error(f"expected string; found {n}")
        if typ in (None, "any", "value"):
            if isinstance(n, P.Bool):
                return n.value
            if isinstance(n, P.Number):
                return self.ideal_constant(n)
            if isinstance(n, P.String):
                return n.text
            raise self.error(f"can't handle assignment of {n} to empty interface argument")
        raise self.error(f"can't handle {n} for arg of type {typ}")


def execute(root: P.ListNode, funcs: Mapping[str, Func], data: object) -> State:
    """Run a parsed template; ``ExecError`` carries the node, the state's ``out`` the partial output."""
    state = State(funcs, data)
    state.walk(state.dot, root)
    return state
