"""The evaluator: runs statements and computes expressions of the syntax tree."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterator

from pshell.engine import operators as ops
from pshell.engine.flow import BreakLoop, ContinueLoop, ExitScript, ReturnFromBlock, loop_matches
from pshell.engine.members import call_method, get_property, set_property
from pshell.engine.types import Char, TypeInfo, convert_to, is_known, to_number
from pshell.engine.values import (
    Hashtable,
    PSObject,
    ScriptBlock,
    as_list,
    enumerate_value,
    is_enumerable,
    to_bool,
    to_string,
    unwrap_single,
)
from pshell.errors import ErrorCategory, ErrorRecord, PSError, SourceSpan
from pshell.syntax import ast as A

if TYPE_CHECKING:
    from pshell.engine.runtime import ExecutionContext

Emit = Callable[[Any], None]


class LazyRange:
    """`1..N` as the first element of a pipeline: produced one number at a time."""

    PS_ENUMERABLE = True

    def __init__(self, start: int, stop: int) -> None:
        self.start, self.stop = start, stop

    def __iter__(self) -> Iterator[int]:
        step = 1 if self.stop >= self.start else -1
        return iter(range(self.start, self.stop + step, step))


def _int_bound(value: Any) -> int:
    n = to_number(value)
    if isinstance(n, (float, Decimal)):
        from pshell.engine.types import round_half_even

        return int(round_half_even(n))
    return int(n)


class Evaluator:
    """Statements and expressions, evaluated against an ExecutionContext."""

    def __init__(self, context: "ExecutionContext") -> None:
        self.context = context
        self.try_depth = 0

    # ================================================================ statements
    def run_statements(self, body: A.StatementList | None, emit: Emit) -> None:
        if body is None:
            return
        for stmt in body.statements:
            self.context.check_stopping()  # a stop (Ctrl+C, Stop-Job) ends the script between statements too
            self.run_statement(stmt, emit)

    def run_statement(self, stmt: A.Node, emit: Emit) -> None:
        try:
            self._statement(stmt, emit)
        except PSError as exc:
            if self.try_depth > 0 or exc.record.extra.get("script_terminating"):
                raise
            self.context.report_statement_error(exc.record, self.span_of(stmt))

    def _statement(self, stmt: A.Node, emit: Emit) -> None:
        handler = getattr(self, "_s_" + type(stmt).__name__, None)
        if handler is not None:
            handler(stmt, emit)
            return
        from pshell.engine.pipeline import run_pipeline_node

        run_pipeline_node(self.context, stmt, emit)

    def _s_FunctionDefinition(self, stmt: A.FunctionDefinition, emit: Emit) -> None:
        from pshell.engine.functions import FunctionInfo

        name = stmt.name
        scope = ""
        if ":" in name:
            scope, name = name.split(":", 1)
        info = FunctionInfo.from_definition(stmt, name, self.context.current_file)
        self.context.session.set_function(name, info, scope)

    def _s_Assignment(self, stmt: A.Assignment, emit: Emit) -> None:
        self.assign(stmt)

    def assign(self, stmt: A.Assignment) -> Any:
        value = self.statement_value(stmt.value)
        if stmt.op != "=":
            current = self.eval(stmt.target)
            fn = ops.ARITHMETIC[stmt.op[0]]
            value = fn(current, value)
        self.assign_to(stmt.target, value)
        return value

    def statement_value(self, node: A.Node) -> Any:
        """The value of a statement on the right of `=`: its output, unwrapped."""
        if isinstance(node, A.Pipeline) and len(node.elements) == 1 and isinstance(node.elements[0], A.ExpressionElement) and not node.elements[0].redirections:
            value = self.eval(node.elements[0].expression)
            if isinstance(value, LazyRange):
                return list(value)
            return value
        if isinstance(node, A.Assignment):
            return self.assign(node)
        out: list[Any] = []
        self.run_statement(node, out.append)
        return unwrap_single(out)

    def assign_to(self, target: A.Node, value: Any) -> None:
        if isinstance(target, A.Variable):
            self.context.set_variable_node(target, value)
        elif isinstance(target, A.Cast):
            value = convert_to(value, target.type_name)
            self.assign_to(target.operand, value)
        elif isinstance(target, A.MemberAccess):
            obj = self.eval(target.target)
            set_property(obj, self.member_name(target.member), value)
        elif isinstance(target, A.Index):
            obj = self.eval(target.target)
            index = self.eval(target.index)
            self._set_index(obj, index, value)
        elif isinstance(target, A.ArrayLiteral):
            values = as_list(value)
            targets = target.items
            for i, t in enumerate(targets):
                if i == len(targets) - 1:
                    rest = values[i:]
                    self.assign_to(t, unwrap_single(rest) if len(rest) != 1 else rest[0])
                else:
                    self.assign_to(t, values[i] if i < len(values) else None)
        elif isinstance(target, A.ParenExpression) and isinstance(target.pipeline, A.Pipeline):
            inner = target.pipeline.elements[0]
            if isinstance(inner, A.ExpressionElement):
                self.assign_to(inner.expression, value)
                return
            raise self._invalid_target(target)
        else:
            raise self._invalid_target(target)

    def _invalid_target(self, target: A.Node) -> PSError:
        return PSError(ErrorRecord("The assignment expression is not valid. The input to an assignment operator must be "
                                   "an object that is able to accept assignments, such as a variable or a property.",
                                   "InvalidLeftHandSide", ErrorCategory.ParserError, span=self.span_of(target)))

    def _set_index(self, obj: Any, index: Any, value: Any) -> None:
        if isinstance(obj, Hashtable):
            obj[index] = value
        elif isinstance(obj, list):
            i = int(to_number(index))
            if not -len(obj) <= i < len(obj):
                raise PSError(ErrorRecord("Index was outside the bounds of the array.", "IndexOutOfRange",
                                          ErrorCategory.InvalidOperation, exception_type="System.IndexOutOfRangeException"))
            obj[i] = value
        elif isinstance(obj, PSObject):
            obj.properties[to_string(index)] = value
        elif obj is None:
            raise PSError(ErrorRecord("Cannot index into a null array.", "NullArray", ErrorCategory.InvalidOperation))
        else:
            setter = getattr(obj, "set_item", None)
            if setter is None:
                raise PSError(ErrorRecord(f"Unable to index into an object of type {type(obj).__name__}.", "CannotIndex",
                                          ErrorCategory.InvalidOperation))
            setter(index, value)

    # ------------------------------------------------------------ control flow
    def _s_IfStatement(self, stmt: A.IfStatement, emit: Emit) -> None:
        for condition, body in stmt.clauses:
            if to_bool(self.statement_value(condition)):
                self.run_statements(body, emit)
                return
        if stmt.else_body is not None:
            self.run_statements(stmt.else_body, emit)

    def _loop_body(self, body: A.StatementList, emit: Emit, label: str) -> bool:
        """Run one iteration; False when the loop must stop (break)."""
        try:
            self.run_statements(body, emit)
        except BreakLoop as exc:
            if loop_matches(exc, label):
                return False
            raise
        except ContinueLoop as exc:
            if loop_matches(exc, label):
                return True
            raise
        return True

    def _s_ForEachStatement(self, stmt: A.ForEachStatement, emit: Emit) -> None:
        collection = self.statement_value(stmt.iterable)
        items = enumerate_value(collection) if not isinstance(collection, LazyRange) else iter(collection)
        for item in items:
            self.context.check_stopping()
            self.context.set_variable_node(stmt.variable, item)
            if not self._loop_body(stmt.body, emit, stmt.label):
                break

    def _s_ForStatement(self, stmt: A.ForStatement, emit: Emit) -> None:
        if stmt.init is not None:
            self.run_statement(stmt.init, lambda _: None)
        while True:
            self.context.check_stopping()
            if stmt.condition is not None and not to_bool(self.statement_value(stmt.condition)):
                break
            if not self._loop_body(stmt.body, emit, stmt.label):
                break
            if stmt.iterator is not None:
                self.run_statement(stmt.iterator, lambda _: None)

    def _s_WhileStatement(self, stmt: A.WhileStatement, emit: Emit) -> None:
        while to_bool(self.statement_value(stmt.condition)):
            self.context.check_stopping()
            if not self._loop_body(stmt.body, emit, stmt.label):
                break

    def _s_DoStatement(self, stmt: A.DoStatement, emit: Emit) -> None:
        while True:
            self.context.check_stopping()
            if not self._loop_body(stmt.body, emit, stmt.label):
                break
            result = to_bool(self.statement_value(stmt.condition))
            if result == stmt.until:
                break

    def _s_SwitchStatement(self, stmt: A.SwitchStatement, emit: Emit) -> None:
        from pshell.engine.switch import run_switch

        run_switch(self, stmt, emit)

    def _s_TryStatement(self, stmt: A.TryStatement, emit: Emit) -> None:
        from pshell.engine.trycatch import run_try

        run_try(self, stmt, emit)

    def _s_TrapStatement(self, stmt: A.TrapStatement, emit: Emit) -> None:
        return None

    def _s_FlowStatement(self, stmt: A.FlowStatement, emit: Emit) -> None:
        kind = stmt.kind
        if kind == "break":
            raise BreakLoop(stmt.label)
        if kind == "continue":
            raise ContinueLoop(stmt.label)
        if kind == "return":
            if stmt.value is not None:
                self.run_statement(stmt.value, emit)
            raise ReturnFromBlock()
        if kind == "exit":
            code = 0
            if stmt.value is not None:
                value = self.statement_value(stmt.value)
                try:
                    code = int(to_number(value))
                except PSError:
                    code = 0
            raise ExitScript(code)
        if kind == "throw":
            value = self.statement_value(stmt.value) if stmt.value is not None else None
            raise self.context.throw_error(value, self.span_of(stmt))

    def _s_ParamBlock(self, stmt: A.ParamBlock, emit: Emit) -> None:
        return None

    # ================================================================ expressions
    def eval(self, node: A.Node) -> Any:
        return getattr(self, "_e_" + type(node).__name__)(node)

    def _e_Constant(self, node: A.Constant) -> Any:
        return node.value

    def _e_StringConstant(self, node: A.StringConstant) -> Any:
        return node.value

    def _e_ExpandableString(self, node: A.ExpandableString) -> str:
        ofs = self.context.session.get("OFS")
        sep = " " if ofs is None else to_string(ofs)
        out = []
        for part in node.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                value = self.eval(part)
                out.append(to_string(value, separator=sep))
        return "".join(out)

    def _e_Variable(self, node: A.Variable) -> Any:
        return self.context.get_variable_node(node)

    def _e_TypeLiteral(self, node: A.TypeLiteral) -> Any:
        if not is_known(node.name):
            raise PSError(ErrorRecord(f"Unable to find type [{node.name}].", "TypeNotFound", ErrorCategory.InvalidOperation,
                                      target=node.name, span=self.span_of(node)))
        return TypeInfo(node.name)

    def _e_Cast(self, node: A.Cast) -> Any:
        name = node.type_name
        if name.lower() in ("pscustomobject",) and isinstance(node.operand, A.HashLiteral):
            table = self.eval(node.operand)
            return PSObject(table.items())
        if name.lower() == "ordered" and isinstance(node.operand, A.HashLiteral):
            table = self.eval(node.operand)
            table.ordered = True
            return table
        value = self.eval(node.operand)
        if name.lower() == "void":
            return None
        try:
            return convert_to(value, name)
        except PSError as exc:
            exc.record.span = exc.record.span or self.span_of(node)
            raise

    def _e_ParenExpression(self, node: A.ParenExpression) -> Any:
        inner = node.pipeline
        if isinstance(inner, A.Assignment):
            return self.assign(inner)
        return self.statement_value(inner)

    def _e_SubExpression(self, node: A.SubExpression) -> Any:
        out: list[Any] = []
        self.run_statements(node.body, out.append)
        return unwrap_single(out)

    def _e_ArrayExpression(self, node: A.ArrayExpression) -> list[Any]:
        out: list[Any] = []
        self.run_statements(node.body, lambda v: out.extend(enumerate_value(v)) if is_enumerable(v) else out.append(v))
        return out

    def _e_ArrayLiteral(self, node: A.ArrayLiteral) -> list[Any]:
        return [self._plain(self.eval(item)) for item in node.items]

    def _plain(self, value: Any) -> Any:
        return list(value) if isinstance(value, LazyRange) else value

    def _e_HashLiteral(self, node: A.HashLiteral) -> Hashtable:
        table = Hashtable()
        for key_node, value_node in node.entries:
            key = self._plain(self.eval(key_node))
            if key is None:
                raise PSError(ErrorRecord("A null key is not allowed in a hash literal.", "InvalidNullKey",
                                          ErrorCategory.InvalidOperation, span=self.span_of(key_node)))
            if key in table:
                raise PSError(ErrorRecord(f"Duplicate keys '{to_string(key)}' are not allowed in hash literals.",
                                          "DuplicateKeyInHashLiteral", ErrorCategory.ParserError, span=self.span_of(key_node)))
            table[key] = self.statement_value(value_node)
        return table

    def _e_ScriptBlockExpression(self, node: A.ScriptBlockExpression) -> ScriptBlock:
        return ScriptBlock(node.body, node.text, self.context.current_file)

    def _e_UnaryOp(self, node: A.UnaryOp) -> Any:
        value = self._plain(self.eval(node.operand))
        op = node.op
        if op in ("not",):
            return not to_bool(value)
        if op == "-":
            return ops.negate(value)
        if op == "+":
            return to_number(value)
        if op == "bnot":
            return ~int(to_number(value))
        if op in ("split", "isplit", "csplit"):
            return ops.unary_split(value)
        if op == "join":
            return "".join(to_string(v) for v in as_list(value))
        raise PSError(ErrorRecord(f"Unexpected unary operator '{op}'.", "UnexpectedToken"))

    def _e_BinaryOp(self, node: A.BinaryOp) -> Any:
        op = node.op
        try:
            if op in ("and", "or", "xor"):
                return ops.logical(op, self.eval(node.left), lambda: self.eval(node.right))
            left = self._plain(self.eval(node.left))
            if op == "..":
                right = self._plain(self.eval(node.right))
                return self._range(left, right)
            right = self._plain(self.eval(node.right))
            if op in ops.ARITHMETIC:
                return ops.ARITHMETIC[op](left, right)
            if op == "f":
                return ops.format_operator(left, right)
            if op in ("band", "bor", "bxor", "shl", "shr"):
                return ops.bitwise(op, left, right)
            return ops.comparison(op, left, right, self.context)
        except PSError as exc:
            exc.record.span = exc.record.span or self.span_of(node)
            raise

    def _range(self, left: Any, right: Any) -> list[Any]:
        if isinstance(left, str) and len(left) == 1 and isinstance(right, str) and len(right) == 1:
            a, b = ord(left), ord(right)
            step = 1 if b >= a else -1
            return [Char(chr(c)) for c in range(a, b + step, step)]
        a, b = _int_bound(left), _int_bound(right)
        if abs(b - a) > 50_000_000:
            return LazyRange(a, b)  # type: ignore[return-value]
        step = 1 if b >= a else -1
        return list(range(a, b + step, step))

    def _e_Increment(self, node: A.Increment) -> Any:
        old = self.eval(node.target)
        new = ops.add(old if old is not None else 0, node.delta)
        self.assign_to(node.target, new)
        return new if node.prefix else old

    def _e_Assignment(self, node: A.Assignment) -> Any:
        return self.assign(node)

    def member_name(self, member: A.Node | str) -> str:
        if isinstance(member, str):
            return member
        return to_string(self.eval(member))

    def _e_MemberAccess(self, node: A.MemberAccess) -> Any:
        name = self.member_name(node.member)
        if node.static:
            from pshell.engine.statics import get_static_member

            target = self.eval(node.target)
            type_name = target.written if isinstance(target, TypeInfo) else to_string(target)
            return self._spanned(node, lambda: get_static_member(self.context, type_name, name))
        target = self.eval(node.target)
        return self._spanned(node, lambda: get_property(target, name))

    def _e_MethodCall(self, node: A.MethodCall) -> Any:
        name = self.member_name(node.member)
        args = [self._plain(self.eval(a)) for a in node.arguments]
        target = self.eval(node.target)
        if node.static:
            from pshell.engine.statics import call_static_method

            type_name = target.written if isinstance(target, TypeInfo) else to_string(target)
            return self._spanned(node, lambda: call_static_method(self.context, type_name, name, args))
        return self._spanned(node, lambda: call_method(self.context, target, name, args))

    def _spanned(self, node: A.Node, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except PSError as exc:
            exc.record.span = exc.record.span or self.span_of(node)
            raise
        except (ValueError, TypeError, ArithmeticError, OSError, KeyError, IndexError) as exc:
            raise PSError(ErrorRecord(f"Exception calling \"{getattr(node, 'member', '')}\": \"{exc}\"",
                                      "MethodInvocationException" if isinstance(node, A.MethodCall) else "RuntimeException",
                                      ErrorCategory.NotSpecified, span=self.span_of(node),
                                      exception_type="System.Management.Automation.MethodInvocationException")) from exc

    def _e_Index(self, node: A.Index) -> Any:
        target = self._plain(self.eval(node.target))
        index = self._plain(self.eval(node.index))
        return self._spanned(node, lambda: index_value(target, index))

    def _e_Command(self, node: A.Command) -> Any:
        raise PSError(ErrorRecord("A command cannot be used as a value here; wrap it in parentheses.", "UnexpectedToken",
                                  ErrorCategory.ParserError, span=self.span_of(node)))

    # ================================================================ helpers
    def span_of(self, node: A.Node | None) -> SourceSpan | None:
        if node is None or node.pos is None or node.pos.source is None:
            return None
        length = max(1, node.pos.end - node.pos.start)
        span = node.pos.source.span(node.pos.start, length)
        return span


def index_value(target: Any, index: Any) -> Any:
    """`$a[0]`, `$a[-1]`, `$a[1..3]`, `$h['key']`, `$s[0]`."""
    if target is None:
        raise PSError(ErrorRecord("Cannot index into a null array.", "NullArray", ErrorCategory.InvalidOperation,
                                  exception_type="System.Management.Automation.RuntimeException"))
    if isinstance(target, Hashtable):
        if is_enumerable(index):
            return [target.get(k) for k in index]
        return target.get(index)
    if isinstance(target, PSObject):
        return target.properties.get(to_string(index))
    if isinstance(target, (list, tuple, str)):
        if is_enumerable(index):
            out = [index_value(target, i) for i in index]
            return [v for v in out if v is not None]
        try:
            i = int(to_number(index))
        except PSError:
            return None
        if -len(target) <= i < len(target):
            return target[i]
        return None
    getter = getattr(target, "get_item", None)
    if getter is not None:
        return getter(index)
    i = int(to_number(index)) if isinstance(index, (int, float)) else None
    if i in (0, -1):
        return target
    return None
