"""The parameter binder: named, positional, prefixes, aliases, switches, arrays, conversions,
validation, parameter sets, pipeline input by value and by property name, mandatory parameters."""

from __future__ import annotations

from typing import Any

import pytest

from pshell.cmdlets.base import ALL_SETS, Param
from pshell.engine.binder import (
    NO_VALUE,
    BindingError,
    NamedArg,
    PositionalArg,
    bind_arguments,
    bind_pipeline_object,
    missing_mandatory,
    splat_arguments,
)
from pshell.engine.values import Hashtable, PSObject


def params(**spec: Param) -> dict[str, Param]:
    for name, p in spec.items():
        p.name = name
    return spec


def named(name: str, value: Any = NO_VALUE) -> NamedArg:
    return NamedArg(name, value, "-" + name)


def bind(ps: dict[str, Param], *args: Any, **kw: Any) -> dict[str, Any]:
    raw = [a if isinstance(a, (NamedArg, PositionalArg)) else PositionalArg(a) for a in args]
    return bind_arguments("Test-It", ps, raw, **kw).bound


def error_of(ps: dict[str, Param], *args: Any, **kw: Any) -> BindingError:
    with pytest.raises(BindingError) as info:
        bind(ps, *args, **kw)
    return info.value


@pytest.fixture
def basic() -> dict[str, Param]:
    return params(Name=Param(type="string", position=0), Count=Param(type="int", position=1),
                  Force=Param(type="switch"), Path=Param(type="string[]", aliases=("PSPath", "LP")))


class TestNamedAndPositional:
    def test_named(self, basic: dict[str, Param]) -> None:
        assert bind(basic, named("Name"), "x", named("Count"), "3") == {"Name": "x", "Count": 3}

    def test_names_are_case_insensitive(self, basic: dict[str, Param]) -> None:
        assert bind(basic, named("nAmE"), "x") == {"Name": "x"}

    def test_colon_value(self, basic: dict[str, Param]) -> None:
        assert bind(basic, named("Count", "7")) == {"Count": 7}

    def test_positional_in_order(self, basic: dict[str, Param]) -> None:
        assert bind(basic, "x", "4") == {"Name": "x", "Count": 4}

    def test_named_then_positional_fills_the_rest(self, basic: dict[str, Param]) -> None:
        assert bind(basic, named("Name"), "n", "9") == {"Name": "n", "Count": 9}

    def test_too_many_positional(self, basic: dict[str, Param]) -> None:
        err = error_of(basic, "a", "1", "extra")
        assert err.record.error_id == "PositionalParameterNotFound"
        assert err.record.message == "A positional parameter cannot be found that accepts argument 'extra'."
        assert err.record.FullyQualifiedErrorId == "PositionalParameterNotFound,Test-It"

    def test_unbound_leftovers_for_simple_functions(self, basic: dict[str, Param]) -> None:
        state = bind_arguments("f", basic, [PositionalArg("a"), PositionalArg("1"), PositionalArg("x"),
                                            named("Other"), PositionalArg("y")], allow_unbound=True)
        assert state.bound == {"Name": "a", "Count": 1}
        assert state.unbound_positional == ["x", "-Other", "y"]

    def test_specified_twice(self, basic: dict[str, Param]) -> None:
        assert error_of(basic, named("Name", "a"), named("Name", "b")).record.error_id == "ParameterAlreadyBound"

    def test_missing_argument(self, basic: dict[str, Param]) -> None:
        err = error_of(basic, named("Name"))
        assert err.record.error_id == "MissingArgument"
        assert err.record.message == "Missing an argument for parameter 'Name'. Specify a parameter of type 'System.String' and try again."


class TestNamesPrefixesAliases:
    def test_unique_prefix(self, basic: dict[str, Param]) -> None:
        assert bind(basic, named("Na", "x"), named("C", "1")) == {"Name": "x", "Count": 1}

    def test_alias(self, basic: dict[str, Param]) -> None:
        assert bind(basic, named("PSPath", "p")) == {"Path": ["p"]}
        assert bind(basic, named("lp", "q")) == {"Path": ["q"]}

    def test_ambiguous_prefix(self) -> None:
        ps = params(Name=Param(), Number=Param())
        err = error_of(ps, named("N", 1))
        assert err.record.error_id == "AmbiguousParameter"
        assert err.record.message == ("Parameter cannot be processed because the parameter name 'N' is ambiguous. "
                                      "Possible matches include: -Name -Number.")

    def test_ambiguous_even_with_leftovers_allowed(self) -> None:
        ps = params(Name=Param(), Number=Param())
        assert error_of(ps, named("N", 1), allow_unbound=True).record.error_id == "AmbiguousParameter"

    def test_exact_name_beats_prefix(self) -> None:
        ps = params(Name=Param(), NameFilter=Param())
        assert bind(ps, named("Name", "x")) == {"Name": "x"}

    def test_unknown_parameter(self, basic: dict[str, Param]) -> None:
        err = error_of(basic, named("Bogus", 1))
        assert err.record.error_id == "NamedParameterNotFound"
        assert err.record.message == "A parameter cannot be found that matches parameter name 'Bogus'."


class TestSwitchesAndArrays:
    def test_switch_present(self, basic: dict[str, Param]) -> None:
        assert bind(basic, named("Force")) == {"Force": True}

    def test_switch_with_value(self, basic: dict[str, Param]) -> None:
        assert bind(basic, named("Force", False)) == {"Force": False}
        assert bind(basic, named("Force", 0)) == {"Force": False}

    def test_switch_does_not_take_the_next_argument(self, basic: dict[str, Param]) -> None:
        assert bind(basic, named("Force"), "x") == {"Force": True, "Name": "x"}

    def test_scalar_to_array(self, basic: dict[str, Param]) -> None:
        assert bind(basic, named("Path", "a")) == {"Path": ["a"]}

    def test_array_elements_converted(self) -> None:
        ps = params(N=Param(type="int[]", position=0))
        assert bind(ps, ["1", "2"]) == {"N": [1, 2]}

    def test_remaining_arguments(self) -> None:
        ps = params(First=Param(position=0), Rest=Param(type="object[]", remaining=True))
        assert bind(ps, "a", "b", "c") == {"First": "a", "Rest": ["b", "c"]}


class TestConversionAndValidation:
    def test_conversion(self, basic: dict[str, Param]) -> None:
        assert bind(basic, named("Count", "12")) == {"Count": 12}

    def test_conversion_error(self, basic: dict[str, Param]) -> None:
        err = error_of(basic, named("Count", "abc"))
        assert err.record.error_id == "ParameterArgumentTransformationError"
        assert err.record.message == ("Cannot process argument transformation on parameter 'Count'. Cannot convert value "
                                      "\"abc\" to type \"System.Int32\". Error: \"The input string 'abc' was not in a correct format.\"")
        assert err.record.exception_type == "System.Management.Automation.ParameterBindingException"

    def test_validate_set(self) -> None:
        ps = params(Kind=Param(choices=("Red", "Green")))
        assert bind(ps, named("Kind", "red")) == {"Kind": "Red"}
        assert bind(ps, named("Kind", "red"), normalize_choices=False) == {"Kind": "red"}
        err = error_of(ps, named("Kind", "blue"))
        assert err.record.error_id == "ParameterArgumentValidationError"
        assert 'does not belong to the set "Red,Green"' in err.record.message

    def test_validate_range(self) -> None:
        ps = params(N=Param(type="int", range=(1, 5)))
        assert bind(ps, named("N", 5)) == {"N": 5}
        low = error_of(ps, named("N", 0)).record.message
        high = error_of(ps, named("N", 6)).record.message
        assert "The 0 argument is less than the minimum allowed range of 1." in low
        assert "The 6 argument is greater than the maximum allowed range of 5." in high

    def test_mandatory_rejects_null_and_empty(self) -> None:
        ps = params(Name=Param(mandatory=True, allow_empty=False))
        assert error_of(ps, named("Name", None)).record.error_id == "ParameterArgumentValidationErrorNullNotAllowed"
        assert error_of(ps, named("Name", "")).record.error_id == "ParameterArgumentValidationErrorEmptyStringNotAllowed"
        typed = params(Name=Param(type="string", mandatory=True, allow_empty=False))  # $null becomes '' first
        assert error_of(typed, named("Name", None)).record.error_id == "ParameterArgumentValidationErrorEmptyStringNotAllowed"


class TestParameterSets:
    @pytest.fixture
    def sets(self) -> dict[str, Param]:
        return params(Path=Param(position=0, sets=("ByPath",), mandatory=True, mandatory_in=("ByPath",)),
                      Id=Param(type="int", sets=("ById",), mandatory=True, mandatory_in=("ById",)),
                      Verbose2=Param(type="switch"))

    def test_set_chosen_by_named_parameter(self, sets: dict[str, Param]) -> None:
        state = bind_arguments("T", sets, [named("Id", "3")], default_set="ByPath")
        assert state.chosen_set() == "ById"

    def test_default_set(self, sets: dict[str, Param]) -> None:
        state = bind_arguments("T", sets, [PositionalArg("p")], default_set="ByPath")
        assert state.chosen_set() == "ByPath" and state.bound == {"Path": "p"}

    def test_conflicting_sets(self, sets: dict[str, Param]) -> None:
        err = error_of(sets, named("Id", 1), named("Path", "p"), default_set="ByPath")
        assert err.record.error_id == "AmbiguousParameterSet"

    def test_mandatory_of_the_chosen_set(self, sets: dict[str, Param]) -> None:
        state = bind_arguments("T", sets, [named("Verbose2")], default_set="ByPath")
        assert missing_mandatory(state, {}, expecting_input=False) == ["Path"]


class TestPipeline:
    def test_by_value(self) -> None:
        ps = params(InputObject=Param(pipeline=True), Name=Param())
        state = bind_arguments("T", ps, [])
        assert bind_pipeline_object(state, 5) == {"InputObject": 5}

    def test_by_value_with_conversion(self) -> None:
        ps = params(N=Param(type="int", pipeline=True))
        state = bind_arguments("T", ps, [])
        assert bind_pipeline_object(state, "42") == {"N": 42}

    def test_by_property_name(self) -> None:
        ps = params(Name=Param(type="string", pipeline_by_name=True), Size=Param(type="int", pipeline_by_name=True))
        state = bind_arguments("T", ps, [])
        obj = PSObject([("Name", "n"), ("Size", "3"), ("Other", 1)])
        assert bind_pipeline_object(state, obj) == {"Name": "n", "Size": 3}

    def test_by_property_name_through_alias(self) -> None:
        ps = params(Path=Param(pipeline_by_name=True, aliases=("FullName",)))
        state = bind_arguments("T", ps, [])
        assert bind_pipeline_object(state, PSObject([("FullName", "/x")])) == {"Path": "/x"}

    def test_by_value_before_by_name(self) -> None:
        ps = params(InputObject=Param(pipeline=True), Name=Param(pipeline_by_name=True))
        state = bind_arguments("T", ps, [])
        obj = PSObject([("Name", "n")])
        assert bind_pipeline_object(state, obj) == {"InputObject": obj}

    def test_input_not_bound(self) -> None:
        ps = params(N=Param(type="int", pipeline=True))
        state = bind_arguments("T", ps, [])
        with pytest.raises(BindingError) as info:
            bind_pipeline_object(state, "abc")
        assert info.value.record.error_id == "InputObjectNotBound"

    def test_parameter_given_as_argument_is_not_rebound(self) -> None:
        ps = params(InputObject=Param(pipeline=True), Other=Param(pipeline=True, type="int"))
        state = bind_arguments("T", ps, [named("InputObject", "arg")])
        assert bind_pipeline_object(state, 7) == {"Other": 7}


class TestMandatory:
    def test_missing(self) -> None:
        ps = params(Name=Param(mandatory=True), Other=Param())
        state = bind_arguments("T", ps, [])
        assert missing_mandatory(state, {}, expecting_input=False) == ["Name"]

    def test_pipeline_parameter_may_come_from_input(self) -> None:
        ps = params(InputObject=Param(mandatory=True, pipeline=True))
        state = bind_arguments("T", ps, [])
        assert missing_mandatory(state, {}, expecting_input=True) == []
        assert missing_mandatory(state, {}, expecting_input=False) == ["InputObject"]

    def test_satisfied(self) -> None:
        ps = params(Name=Param(mandatory=True))
        state = bind_arguments("T", ps, [named("Name", "x")])
        assert missing_mandatory(state, {}, expecting_input=False) == []


class TestSplatting:
    def test_hashtable_splats_named(self) -> None:
        table = Hashtable()
        table["Name"] = "x"
        table["Force"] = True
        args = splat_arguments(table)
        assert [(a.name, a.value) for a in args if isinstance(a, NamedArg)] == [("Name", "x"), ("Force", True)]

    def test_array_splats_positional(self) -> None:
        assert [a.value for a in splat_arguments([1, 2])] == [1, 2]  # type: ignore[union-attr]


def test_all_sets_default() -> None:
    state = bind_arguments("T", params(A=Param()), [])
    assert state.default_set == ALL_SETS
