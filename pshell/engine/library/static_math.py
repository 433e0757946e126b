"""Static members of System.Math."""

from __future__ import annotations

import math
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Decimal,
)
from typing import Any, Callable

from pshell.engine.library.common import (
    DotNetException,
    EnumValue,
    arg_float,
    arg_int,
    arg_number,
    enum_flags,
)
from pshell.engine.library.static_base import StaticType

MATH = StaticType("System.Math", "math")
MATH.constants({"PI": math.pi, "E": math.e, "Tau": math.tau})

MIDPOINT = {"ToEven": 0, "AwayFromZero": 1, "ToZero": 2, "ToNegativeInfinity": 3, "ToPositiveInfinity": 4}
_DECIMAL_MODES = (ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_DOWN, ROUND_FLOOR, ROUND_CEILING)
_NAN_SIGN = "Function does not accept floating point Not-a-Number values."


def _nan_safe(fn: Callable[..., float], *args: float) -> float:
    try:
        return fn(*args)
    except ValueError:
        return math.nan
    except OverflowError:
        return math.inf


def round_double(value: float, digits: int = 0, mode: int = 0) -> float:
    """Math.Round(double, digits, mode) with .NET's algorithm (scale, round, unscale)."""
    if not 0 <= digits <= 15:
        raise DotNetException("Rounding digits must be between 0 and 15, inclusive. (Parameter 'digits')",
                              "System.ArgumentOutOfRangeException")
    if math.isnan(value) or math.isinf(value) or abs(value) >= 1e16:
        return value
    power = 10.0 ** digits
    scaled = value * power
    if mode == 0:
        scaled = float(round(scaled))
    elif mode == 1:
        fraction, whole = math.modf(scaled)
        scaled = whole + (math.copysign(1.0, fraction) if abs(fraction) >= 0.5 else 0.0)
    else:
        scaled = float({2: math.trunc, 3: math.floor, 4: math.ceil}[mode](scaled))
    return scaled / power


def round_decimal(value: Decimal, digits: int = 0, mode: int = 0) -> Decimal:
    """Math.Round(decimal, digits, mode)."""
    if not 0 <= digits <= 28:
        raise DotNetException("Rounding digits must be between 0 and 28, inclusive. (Parameter 'decimals')",
                              "System.ArgumentOutOfRangeException")
    return value.quantize(Decimal(1).scaleb(-digits), rounding=_DECIMAL_MODES[mode])


def _mode(value: Any) -> int:
    mode = enum_flags(value, MIDPOINT, "System.MidpointRounding")
    if not 0 <= mode <= 4:
        raise DotNetException(f"The value '{mode}' is not valid for this usage of the type MidpointRounding. (Parameter 'mode')")
    return mode


def _is_digits(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, (bool, EnumValue))


@MATH.method("Round")
def _round(value: Any, second: Any = None, third: Any = None) -> Any:
    digits, mode = 0, 0
    if third is not None:
        digits, mode = arg_int(second), _mode(third)
    elif second is not None:
        if _is_digits(second):
            digits = arg_int(second)
        else:
            mode = _mode(second)
    number = arg_number(value)
    if isinstance(number, Decimal):
        return round_decimal(number, digits, mode)
    return round_double(float(number), digits, mode)


def _unary(name: str, fn: Callable[[float], float], decimal_fn: Callable[[Decimal], Decimal] | None = None) -> None:
    @MATH.method(name)
    def apply(value: Any) -> Any:
        number = arg_number(value)
        if decimal_fn is not None and isinstance(number, Decimal):
            return decimal_fn(number)
        return _nan_safe(fn, float(number))


_unary("Floor", lambda x: float(math.floor(x)) if math.isfinite(x) else x, lambda d: d.to_integral_value(ROUND_FLOOR))
_unary("Ceiling", lambda x: float(math.ceil(x)) if math.isfinite(x) else x, lambda d: d.to_integral_value(ROUND_CEILING))
_unary("Truncate", lambda x: float(math.trunc(x)) if math.isfinite(x) else x, lambda d: d.to_integral_value(ROUND_DOWN))
_unary("Sqrt", lambda x: math.sqrt(x) if x >= 0 else math.nan)
_unary("Cbrt", lambda x: math.copysign(abs(x) ** (1 / 3), x))
_unary("Exp", math.exp)
_unary("Log10", lambda x: math.nan if x < 0 else -math.inf if x == 0 else math.log10(x))
_unary("Log2", lambda x: math.nan if x < 0 else -math.inf if x == 0 else math.log2(x))
for _name, _fn in (("Sin", math.sin), ("Cos", math.cos), ("Tan", math.tan), ("Asin", math.asin), ("Acos", math.acos),
                   ("Atan", math.atan), ("Sinh", math.sinh), ("Cosh", math.cosh), ("Tanh", math.tanh),
                   ("Asinh", math.asinh), ("Acosh", math.acosh), ("Atanh", math.atanh)):
    _unary(_name, _fn)


@MATH.method("Log")
def _log(value: Any, base: Any = None) -> float:
    x = arg_float(value)
    if base is None:
        return math.nan if x < 0 or math.isnan(x) else -math.inf if x == 0 else math.log(x)
    b = arg_float(base)
    if b == 1 or b <= 0 or x < 0 or math.isnan(x) or math.isnan(b):
        return math.nan
    return -math.inf if x == 0 else math.log(x) / math.log(b)


@MATH.method("Pow")
def _pow(x: Any, y: Any) -> float:
    a, b = arg_float(x), arg_float(y)
    if a == 0 and b < 0:
        return math.inf
    return _nan_safe(math.pow, a, b)


@MATH.method("Atan2")
def _atan2(y: Any, x: Any) -> float:
    return math.atan2(arg_float(y), arg_float(x))


@MATH.method("Abs")
def _abs(value: Any) -> Any:
    number = arg_number(value)
    if isinstance(number, int) and number in (-(2**31), -(2**63)):
        raise DotNetException("Negating the minimum value of a twos complement number is invalid.", "System.OverflowException")
    return abs(number)


@MATH.method("Sign")
def _sign(value: Any) -> int:
    number = arg_number(value)
    if isinstance(number, float) and math.isnan(number):
        raise DotNetException(_NAN_SIGN, "System.ArithmeticException")
    return (number > 0) - (number < 0)


def _pair(a: Any, b: Any) -> tuple[Any, Any]:
    x, y = arg_number(a), arg_number(b)
    if isinstance(x, int) and isinstance(y, int):
        return x, y
    if isinstance(x, Decimal) or isinstance(y, Decimal):
        return Decimal(str(x)), Decimal(str(y))
    return float(x), float(y)


@MATH.method("Max")
def _max(a: Any, b: Any) -> Any:
    x, y = _pair(a, b)
    if isinstance(x, float) and (math.isnan(x) or math.isnan(y)):
        return math.nan
    return x if x >= y else y


@MATH.method("Min")
def _min(a: Any, b: Any) -> Any:
    x, y = _pair(a, b)
    if isinstance(x, float) and (math.isnan(x) or math.isnan(y)):
        return math.nan
    return x if x <= y else y


@MATH.method("Clamp")
def _clamp(value: Any, low: Any, high: Any) -> Any:
    v = arg_number(value)
    lo, hi = _pair(low, high)
    if lo > hi:
        raise DotNetException(f"'{lo}' cannot be greater than {hi}.")
    return lo if v < lo else hi if v > hi else v


@MATH.method("DivRem")
def _div_rem(a: Any, b: Any) -> list[int]:
    x, y = arg_int(a), arg_int(b)
    if y == 0:
        raise DotNetException("Attempted to divide by zero.", "System.DivideByZeroException")
    quotient = abs(x) // abs(y) * (1 if (x >= 0) == (y >= 0) else -1)
    return [quotient, x - quotient * y]


@MATH.method("BigMul")
def _big_mul(a: Any, b: Any) -> int:
    return arg_int(a) * arg_int(b)


@MATH.method("CopySign")
def _copy_sign(a: Any, b: Any) -> float:
    return math.copysign(arg_float(a), arg_float(b))


@MATH.method("IEEERemainder")
def _ieee_remainder(a: Any, b: Any) -> float:
    return _nan_safe(math.remainder, arg_float(a), arg_float(b))


@MATH.method("FusedMultiplyAdd")
def _fma(a: Any, b: Any, c: Any) -> float:
    return arg_float(a) * arg_float(b) + arg_float(c)
