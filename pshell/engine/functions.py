"""Functions and script blocks as commands: their parameters, read from `param(...)`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pshell.cmdlets.base import ALL_SETS, Param
from pshell.engine.values import ScriptBlock, to_bool, to_string
from pshell.syntax import ast as A


def _static_value(node: A.Node | None) -> Any:
    """Attribute arguments are constants: numbers, strings, $true/$false, arrays of them."""
    if node is None:
        return True
    if isinstance(node, A.Constant):
        return node.value
    if isinstance(node, A.StringConstant):
        return node.value
    if isinstance(node, A.Variable):
        return {"true": True, "false": False, "null": None}.get(node.name.lower())
    if isinstance(node, A.ArrayLiteral):
        return [_static_value(i) for i in node.items]
    if isinstance(node, A.UnaryOp) and node.op == "-":
        v = _static_value(node.operand)
        return -v if isinstance(v, (int, float)) else v
    if isinstance(node, A.ParenExpression) and isinstance(node.pipeline, A.Pipeline):
        element = node.pipeline.elements[0]
        if isinstance(element, A.ExpressionElement):
            return _static_value(element.expression)
    if isinstance(node, A.ScriptBlockExpression):
        return ScriptBlock(node.body, node.text)
    return None


def _flatten(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        out.extend(v if isinstance(v, list) else [v])
    return out


@dataclass
class FunctionInfo:
    """A function, filter or script block viewed as a command."""

    name: str
    body: A.ScriptBlockBody
    text: str
    declarations: list[A.ParameterDeclaration]
    params: dict[str, Param]
    advanced: bool
    is_filter: bool = False
    file: str | None = None
    default_set: str = ALL_SETS
    synopsis: str = ""
    CommandType: str = "Function"
    validators: dict[str, list[ScriptBlock]] = field(default_factory=dict)

    PS_TYPE_NAMES = ("System.Management.Automation.FunctionInfo", "System.Management.Automation.CommandInfo")
    PS_PROPERTIES = ("CommandType", "Name", "Definition")

    @property
    def Name(self) -> str:
        return self.name

    @property
    def Definition(self) -> str:
        return self.text

    @property
    def ScriptBlock(self) -> ScriptBlock:
        return ScriptBlock(self.body, self.text, self.file)

    @classmethod
    def from_definition(cls, stmt: A.FunctionDefinition, name: str, file: str | None) -> "FunctionInfo":
        body = stmt.body.body
        if stmt.parameters is not None:
            decls = stmt.parameters
            block_attrs: list[A.Attribute] = []
        else:
            decls = body.param_block.parameters if body.param_block else []
            block_attrs = body.param_block.attributes if body.param_block else []
        info = cls._build(name, body, stmt.body.text, decls, block_attrs, file)
        info.is_filter = stmt.is_filter
        info.CommandType = "Filter" if stmt.is_filter else "Function"
        return info

    @classmethod
    def from_scriptblock(cls, block: ScriptBlock, name: str = "") -> "FunctionInfo":
        body = block.body
        decls = body.param_block.parameters if body.param_block else []
        attrs = body.param_block.attributes if body.param_block else []
        info = cls._build(name, body, block.text, decls, attrs, block.file)
        info.CommandType = "ScriptBlock"
        return info

    @classmethod
    def _build(cls, name: str, body: A.ScriptBlockBody, text: str, decls: list[A.ParameterDeclaration],
               block_attrs: list[A.Attribute], file: str | None) -> "FunctionInfo":
        advanced = any(a.name.lower() == "cmdletbinding" for a in block_attrs) or any(
            a.name.lower() == "parameter" for d in decls for a in d.attributes)
        positional_binding = True
        default_set = ALL_SETS
        for a in block_attrs:
            if a.name.lower() == "cmdletbinding":
                for k, v in a.named.items():
                    if k.lower() == "positionalbinding":
                        positional_binding = to_bool(_static_value(v))
                    if k.lower() == "defaultparametersetname":
                        default_set = to_string(_static_value(v))
        params: dict[str, Param] = {}
        explicit_positions = False
        validators: dict[str, list[ScriptBlock]] = {}
        for d in decls:
            p = Param(d.type_name or "object")
            p.name = d.name
            sets: list[str] = []
            for a in d.attributes:
                lname = a.name.lower()
                if lname == "parameter":
                    for pos_arg in a.positional:
                        pass
                    for k, v in a.named.items():
                        key, value = k.lower(), _static_value(v)
                        if key == "mandatory":
                            p.mandatory = to_bool(value)
                            p.allow_empty = False
                        elif key == "position":
                            p.position = int(value)
                            explicit_positions = True
                        elif key == "valuefrompipeline":
                            p.pipeline = to_bool(value)
                        elif key == "valuefrompipelinebypropertyname":
                            p.pipeline_by_name = to_bool(value)
                        elif key == "valuefromremainingarguments":
                            p.remaining = to_bool(value)
                        elif key == "parametersetname":
                            sets.append(to_string(value))
                        elif key == "helpmessage":
                            p.help = to_string(value)
                elif lname == "alias":
                    p.aliases = tuple(to_string(v) for v in _flatten([_static_value(x) for x in a.positional]))
                elif lname == "validateset":
                    p.choices = tuple(to_string(v) for v in _flatten([_static_value(x) for x in a.positional]))
                elif lname == "validaterange":
                    vals = _flatten([_static_value(x) for x in a.positional])
                    if len(vals) == 2:
                        p.range = (vals[0], vals[1])
                elif lname in ("validatenotnullorempty", "validatenotnull"):
                    p.allow_empty = False
                    p.mandatory = p.mandatory
                elif lname == "validatescript":
                    block = _static_value(a.positional[0]) if a.positional else None
                    if isinstance(block, ScriptBlock):
                        validators.setdefault(d.name, []).append(block)
            if sets:
                p.sets = tuple(sets)
                if p.mandatory:
                    p.mandatory_in = tuple(sets)
            params[d.name] = p
        if positional_binding and not explicit_positions:
            index = 0
            for d in decls:
                p = params[d.name]
                if p.type != "switch" and not p.remaining:
                    p.position = index
                    index += 1
        return cls(name, body, text, decls, params, advanced, False, file, default_set, validators=validators)

    def default_for(self, name: str) -> A.Node | None:
        for d in self.declarations:
            if d.name == name:
                return d.default
        return None

    def ToString(self) -> str:
        return self.name
