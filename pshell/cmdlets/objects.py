"""Where-Object, ForEach-Object, Tee-Object and New-Object: running code over a stream of objects."""

from __future__ import annotations

from typing import Any

from pshell.cmdlets.base import Cmdlet, Example, Param, cmdlet
from pshell.engine.members import (
    call_method,
    get_property,
    has_property,
    property_names,
    set_property,
)
from pshell.engine.operators import comparison
from pshell.engine.text import has_wildcard, wildcard_match
from pshell.engine.values import (
    Hashtable,
    PSObject,
    ScriptBlock,
    is_enumerable,
    to_bool,
    to_string,
)
from pshell.errors import ErrorCategory, ErrorRecord, PSError

# (switch parameter, parameter set, operator for pshell.engine.operators.comparison, aliases)
_OPERATORS = (
    ("EQ", "EqualSet", "ieq", ("IEQ",)), ("CEQ", "CaseSensitiveEqualSet", "ceq", ()),
    ("NE", "NotEqualSet", "ine", ("INE",)), ("CNE", "CaseSensitiveNotEqualSet", "cne", ()),
    ("GT", "GreaterThanSet", "igt", ("IGT",)), ("CGT", "CaseSensitiveGreaterThanSet", "cgt", ()),
    ("LT", "LessThanSet", "ilt", ("ILT",)), ("CLT", "CaseSensitiveLessThanSet", "clt", ()),
    ("GE", "GreaterOrEqualSet", "ige", ("IGE",)), ("CGE", "CaseSensitiveGreaterOrEqualSet", "cge", ()),
    ("LE", "LessOrEqualSet", "ile", ("ILE",)), ("CLE", "CaseSensitiveLessOrEqualSet", "cle", ()),
    ("Like", "LikeSet", "ilike", ("ILike",)), ("CLike", "CaseSensitiveLikeSet", "clike", ()),
    ("NotLike", "NotLikeSet", "inotlike", ("INotLike",)), ("CNotLike", "CaseSensitiveNotLikeSet", "cnotlike", ()),
    ("Match", "MatchSet", "imatch", ("IMatch",)), ("CMatch", "CaseSensitiveMatchSet", "cmatch", ()),
    ("NotMatch", "NotMatchSet", "inotmatch", ("INotMatch",)), ("CNotMatch", "CaseSensitiveNotMatchSet", "cnotmatch", ()),
    ("Contains", "ContainsSet", "icontains", ("IContains",)), ("CContains", "CaseSensitiveContainsSet", "ccontains", ()),
    ("NotContains", "NotContainsSet", "inotcontains", ("INotContains",)),
    ("CNotContains", "CaseSensitiveNotContainsSet", "cnotcontains", ()),
    ("In", "InSet", "iin", ("IIn",)), ("CIn", "CaseSensitiveInSet", "cin", ()),
    ("NotIn", "NotInSet", "inotin", ("INotIn",)), ("CNotIn", "CaseSensitiveNotInSet", "cnotin", ()),
    ("Is", "IsSet", "is", ()), ("IsNot", "IsNotSet", "isnot", ()),
)
_VALUE_SETS = tuple(s for _, s, _, _ in _OPERATORS)
_PROPERTY_SETS = _VALUE_SETS + ("Not",)


def _argument_error(message: str, error_id: str, target: Any = None) -> ErrorRecord:
    return ErrorRecord(message, error_id, ErrorCategory.InvalidArgument, target=target,
                       exception_type="System.Management.Automation.PSArgumentException")


def _where_params(cls: type) -> type:
    for name, set_name, _op, aliases in _OPERATORS:
        p = Param("switch", sets=(set_name,), aliases=aliases, mandatory=name != "EQ",
                  help=f"Keeps objects whose property satisfies -{name.lower()} Value.")
        p.__set_name__(cls, name)
        setattr(cls, name, p)
    return cls


@cmdlet(
    "Where-Object",
    aliases=("where", "?"),
    synopsis="Selects objects from a collection based on their property values.",
    description=(
        "Passes on the input objects for which a script block returns true ($_ is the object; the "
        "block runs in the caller's scope), or, in the simplified syntax, whose property compares true "
        "with a value: `Where-Object State -eq Disconnected`, `Where-Object Name -like 'S*'`. With only "
        "a property name the property's truth is tested; -Not negates it."
    ),
    default_set="EqualSet",
    related=("ForEach-Object", "Select-Object", "Sort-Object"),
    examples=[
        Example("1..10 | Where-Object { $_ % 3 -eq 0 }", "Keeps the multiples of three.", output="3\n6\n9"),
        Example("'apple','banana','cherry' | Where-Object Length -gt 5", "Simplified syntax.", output="banana\ncherry"),
        Example("'Sun','Moon','Star' | Where-Object { $_ -like 'S*' }", "Wildcards.", output="Sun\nStar"),
    ],
)
@_where_params
class WhereObject(Cmdlet):
    """Where-Object."""

    InputObject = Param("psobject", pipeline=True, help="The objects to filter.")
    FilterScript = Param("scriptblock", position=0, mandatory=True, sets=("ScriptBlockSet",),
                         help="The test; objects for which it returns true are passed on.")
    Property = Param("object", position=0, mandatory=True, sets=_PROPERTY_SETS,
                     help="The property to test (simplified syntax).")
    Value = Param("object", position=1, sets=_VALUE_SETS, help="The value to compare the property with.")
    Not = Param("switch", mandatory=True, sets=("Not",), help="Keeps objects whose property is false or absent.")

    def begin(self) -> None:
        self._script: ScriptBlock | None = self.FilterScript
        if self._script is None and isinstance(self.Property, ScriptBlock):
            self._script = self.Property
        self._operator = "ieq"
        self._boolean = True
        for name, _set, op, _aliases in _OPERATORS:
            if self.is_bound(name) and self.bound[name]:
                self._operator, self._boolean = op, False
        if self.Not:
            self._operator, self._boolean = "not", True
        if self._script is not None:
            return
        self._property = to_string(self.Property)
        has_value = self.is_bound("Value")
        if not has_value and not self._boolean:
            self.throw(_argument_error(
                "The specified operator requires both the -Property and -Value parameters. Provide values for "
                "both parameters, and then try the command again.", "ValueNotSpecifiedForWhereObject"))
        if has_value and self._boolean and self._operator == "ieq":
            self.throw(_argument_error(
                "An operator is required to compare the two specified values. Include a valid operator in the "
                "command, and then try the command again. For example, Get-Process | Where-Object -Property Name -eq Idle",
                "OperatorNotSpecified"))
        self._value = self.Value
        if self._operator in ("is", "isnot") and isinstance(self._value, str):
            text = self._value
            if len(text) > 2 and text.startswith("[") and text.endswith("]"):
                self._value = text[1:-1]

    def process(self) -> None:
        if not self.expecting_input and not self.is_bound("InputObject"):
            return
        obj = self.InputObject
        if self._script is not None:
            result = self.context.invoke_block(self._script, dollar_under=obj, input=[obj], new_scope=False)
            if to_bool(result[0] if len(result) == 1 else result):
                self.write_output(obj)
            return
        value = self._property_value(obj)
        if self._boolean:
            keep = to_bool(value) if self._operator == "ieq" else not to_bool(value)
        else:
            try:
                keep = to_bool(comparison(self._operator, value, self._value, self.context))
            except PSError as exc:
                self.write_error(ErrorRecord(
                    f"The operation '-{self._operator}' failed: {exc.record.message}", "OperatorFailed",
                    ErrorCategory.InvalidOperation, target=obj, exception_type="System.InvalidOperationException"))
                return
        if keep:
            self.write_output(obj)

    def _property_value(self, obj: Any) -> Any:
        if obj is None:
            return None
        name = self._property
        if isinstance(obj, Hashtable) and name in obj:
            return obj[name]
        if has_wildcard(name):
            matches = [n for n in property_names(obj) if wildcard_match(name, n)]
            if len(matches) > 1:
                self.write_error(_argument_error(
                    f'Input name "{name}" is ambiguous. It can be resolved to multiple matched members. '
                    f"Possible matches include: {' '.join(matches)}.", "AmbiguousPropertyName", obj))
                return None
            return get_property(obj, matches[0]) if matches else None
        return get_property(obj, name)


@cmdlet(
    "ForEach-Object",
    aliases=("foreach", "%"),
    synopsis="Performs an operation against each item in a collection of input objects.",
    description=(
        "Runs a script block for every input object ($_ is the object; the block runs in the caller's "
        "scope, so variables it sets stay set). With -Begin/-End (or two or three positional blocks: "
        "begin, process, end) code runs before the first and after the last object. Given a name "
        "instead of a block it outputs that property of each object, or calls that method with "
        "-ArgumentList: `ForEach-Object Name`, `ForEach-Object ToUpper`."
    ),
    default_set="ScriptBlockSet",
    related=("Where-Object", "Select-Object"),
    examples=[
        Example("1..3 | ForEach-Object { $_ * 2 }", "Doubles each number.", output="2\n4\n6"),
        Example("'a','b' | ForEach-Object ToUpper", "Calls a method on each object.", output="A\nB"),
        Example("1..4 | ForEach-Object -Begin { $sum = 0 } -Process { $sum += $_ } -End { $sum }",
                "Sums the numbers.", output="10"),
    ],
)
class ForEachObject(Cmdlet):
    """ForEach-Object."""

    InputObject = Param("psobject", pipeline=True, help="The objects to process.")
    Begin = Param("scriptblock", sets=("ScriptBlockSet",), help="Runs once before the first input object.")
    Process = Param("object[]", position=0, mandatory=True, sets=("ScriptBlockSet",),
                    help="Runs for each input object ($_ is the object).")
    End = Param("scriptblock", sets=("ScriptBlockSet",), help="Runs once after the last input object.")
    RemainingScripts = Param("object[]", remaining=True, sets=("ScriptBlockSet",),
                             help="More blocks: with two blocks in all the first is -Begin; with three the last is -End.")
    MemberName = Param("string", position=0, mandatory=True, sets=("PropertyAndMethodSet",),
                       help="A property to output or a method to call on each object.")
    ArgumentList = Param("object[]", aliases=("Args",), remaining=True, sets=("PropertyAndMethodSet",),
                         help="Arguments of the method named by -MemberName.")

    def begin(self) -> None:
        self._member: str | None = self.MemberName
        self._arguments: list[Any] = list(self.ArgumentList or [])
        scripts: list[Any] = list(self.Process or []) + list(self.RemainingScripts or [])
        if self._member is None and scripts and not isinstance(scripts[0], ScriptBlock) and scripts[0] is not None:
            self._member = to_string(scripts[0])
            self._arguments = scripts[1:]
            return
        if self._member is not None:
            return
        blocks: list[ScriptBlock | None] = [self._as_block(s) for s in scripts]
        if self.Begin is not None:
            blocks.insert(0, self.Begin)
        self._end_script: ScriptBlock | None = self.End
        start, stop = (1 if len(blocks) > 1 else 0), len(blocks)
        if self.End is None and len(blocks) > 2:
            stop = len(blocks) - 1
            self._end_script = blocks[stop]
        self._process_blocks = blocks[start:stop]
        if stop >= 2 and blocks[0] is not None:
            self._run(blocks[0], None, has_item=False)

    def _as_block(self, value: Any) -> ScriptBlock | None:
        if value is None or isinstance(value, ScriptBlock):
            return value
        self.throw(ErrorRecord(
            f'Cannot convert the "{to_string(value)}" value of type "{type(value).__name__}" to type '
            '"System.Management.Automation.ScriptBlock".', "ParameterArgumentTransformationError",
            ErrorCategory.InvalidArgument, target=value,
            exception_type="System.Management.Automation.ParameterBindingException"))

    def _run(self, block: ScriptBlock, item: Any, *, has_item: bool = True) -> None:
        if has_item:
            out = self.context.invoke_block(block, dollar_under=item, input=[item], new_scope=False)
        else:
            out = self.context.invoke_block(block, new_scope=False)
        for value in out:
            self.write_output(value)

    def process(self) -> None:
        item = self.InputObject
        if self._member is not None:
            self._process_member(item)
            return
        for block in self._process_blocks:
            if block is not None:
                self._run(block, item)

    def end(self) -> None:
        if self._member is None and self._end_script is not None:
            self._run(self._end_script, None, has_item=False)

    def _process_member(self, obj: Any) -> None:
        name = self._member or ""
        if obj is None:
            self.write_output(None)
            return
        if self._arguments:
            self._write_unrolled(self._call(obj, name, self._arguments))
            return
        if isinstance(obj, Hashtable) and name in obj:
            self._write_unrolled(obj[name])
            return
        if has_property(obj, name) or name.lower() in (n.lower() for n in property_names(obj)):
            self._write_unrolled(get_property(obj, name))
            return
        try:
            result = self._call(obj, name, [])
        except _NoSuchMethod:
            self.write_output(None)
            return
        self._write_unrolled(result)

    def _call(self, obj: Any, name: str, args: list[Any]) -> Any:
        try:
            return call_method(self.context, obj, name, args)
        except PSError as exc:
            if exc.record.error_id == "MethodNotFound":
                if args:
                    self.write_error(_argument_error(f'Input name "{name}" cannot be resolved to a method.', "MethodNotFound", obj))
                    return None
                raise _NoSuchMethod() from None
            self.write_error(ErrorRecord(exc.record.message, "MethodInvocationError", ErrorCategory.InvalidOperation,
                                         target=obj, exception_type=exc.record.exception_type))
            return None

    def _write_unrolled(self, value: Any) -> None:
        if is_enumerable(value):
            for item in value:
                self.write_output(item)
        elif value is not None:
            self.write_output(value)
        else:
            self.write_output(None)


class _NoSuchMethod(Exception):
    """The -MemberName names neither a property nor a method of the object."""


@cmdlet(
    "Tee-Object",
    aliases=("tee",),
    synopsis="Saves command output in a file or variable and also sends it down the pipeline.",
    description="Passes every input object on unchanged and also stores them in a variable or writes their formatted text to a file.",
    default_set="File",
    related=("Set-Variable", "Out-File"),
    examples=[
        Example("1..3 | Tee-Object -Variable saved | Measure-Object | ForEach-Object Count; $saved",
                "Counts the numbers and keeps them.", output="3\n1\n2\n3"),
    ],
)
class TeeObject(Cmdlet):
    """Tee-Object."""

    InputObject = Param("psobject", pipeline=True, help="The objects to save and pass on.")
    FilePath = Param("string", position=0, mandatory=True, sets=("File",), aliases=("Path",), help="The file to write.")
    LiteralPath = Param("string", mandatory=True, sets=("LiteralFile",), aliases=("PSPath", "LP"), help="The file to write, taken literally.")
    Append = Param("switch", sets=("File", "LiteralFile"), help="Adds to the end of the file instead of replacing it.")
    Encoding = Param("string", sets=("File", "LiteralFile"), help="The file's encoding (utf8 by default).")
    Variable = Param("string", mandatory=True, sets=("Variable",), help="The variable to store the objects in.")

    def begin(self) -> None:
        self._items: list[Any] = []

    def process(self) -> None:
        if not self.expecting_input and not self.is_bound("InputObject"):
            return
        self._items.append(self.InputObject)
        self.write_output(self.InputObject)

    def end(self) -> None:
        if self.Variable is not None:
            name = self.Variable[1:] if self.Variable.startswith("$") else self.Variable
            value: Any = None if not self._items else self._items[0] if len(self._items) == 1 else list(self._items)
            self.context.set_variable(name, value)
            return
        path = self.context.resolve_path(self.FilePath or self.LiteralPath or "")
        text = self.context.format_objects(self._items) if self._items else ""
        if text and not text.endswith("\n"):
            text += "\n"
        try:
            with open(path, "a" if self.Append else "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            self.throw(ErrorRecord(f"Could not find a part of the path '{path}'." if isinstance(exc, FileNotFoundError)
                                   else str(exc.strerror or exc), "FileOpenFailure", ErrorCategory.OpenError,
                                   target=path, exception_type="System.IO.IOException"))


@cmdlet(
    "New-Object",
    synopsis="Creates an instance of a .NET or PowerShell object.",
    description=(
        "Creates an object of the given type: `New-Object PSObject -Property @{Name='x'}` makes a custom "
        "object with those properties, `New-Object System.Collections.ArrayList` a collection; "
        "-ArgumentList passes constructor arguments."
    ),
    default_set="Net",
    related=("Select-Object", "Add-Member"),
    examples=[
        Example("(New-Object PSObject -Property @{Name='x'; Size=2}).Size", "A custom object.", output="2"),
    ],
)
class NewObject(Cmdlet):
    """New-Object."""

    TypeName = Param("string", position=0, mandatory=True, sets=("Net",), help="The type to create.")
    ArgumentList = Param("object[]", position=1, aliases=("Args",), sets=("Net",), help="Constructor arguments.")
    ComObject = Param("string", position=0, mandatory=True, sets=("Com",), help="Not supported on this platform.")
    Strict = Param("switch", sets=("Com",), help="Not supported on this platform.")
    Property = Param("hashtable", help="Properties to set on the new object.")

    def end(self) -> None:
        if self.parameter_set == "Com" or self.ComObject:
            self.throw(ErrorRecord("A parameter cannot be found that matches parameter name 'ComObject'.",
                                   "NamedParameterNotFound", ErrorCategory.InvalidArgument,
                                   exception_type="System.Management.Automation.ParameterBindingException"))
        name = (self.TypeName or "").strip()
        if name.startswith("[") and name.endswith("]"):
            name = name[1:-1]
        if name.lower() in ("psobject", "pscustomobject", "system.management.automation.psobject",
                            "system.management.automation.pscustomobject", "object", "system.object"):
            obj: Any = PSObject()
            for key, value in (self.Property or Hashtable()).items():
                obj.properties[to_string(key)] = value
            self.write_output(obj)
            return
        obj = self._construct(name, list(self.ArgumentList or []))
        for key, value in (self.Property or Hashtable()).items():
            try:
                set_property(obj, to_string(key), value)
            except PSError as exc:
                self.write_error(exc.record)
        self.write_output(obj)

    def _construct(self, name: str, args: list[Any]) -> Any:
        """`[Type]::new(args)` through pshell.engine.statics (when present), else a cast of the arguments."""
        try:
            from pshell.engine import statics
        except ImportError:
            statics = None  # type: ignore[assignment]
        if statics is not None:
            static, _ = statics.find_static_type(name)
            try:
                if static is not None and static.constructor is not None:
                    return statics.call_static_method(self.context, name, "new", args)
                made = statics.construct_collection(name, args[0] if len(args) == 1 else (args or None))
                if made is None and static is None:
                    made = statics.new_registered(name, args)
                if made is not None:
                    return made
            except PSError as exc:
                self.throw(exc.record)
        from pshell.engine.types import convert_to, is_known

        try:
            known = is_known(name)
        except ImportError:
            known = False
        if known:
            try:
                return convert_to(args[0] if len(args) == 1 else (args or None), name)
            except PSError as exc:
                self.throw(exc.record)
        self.throw(ErrorRecord(
            f"Cannot find type [{name}]: verify that the assembly containing this type is loaded.",
            "TypeNotFound", ErrorCategory.InvalidType, target=name,
            exception_type="System.Management.Automation.PSArgumentException"))
