"""Number literals: `42`, `0x1F`, `1.5e3`, `10KB`, `5L`, `2.5d`."""

from __future__ import annotations

import re
from decimal import Decimal

_NUMBER = re.compile(
    r"(?P<hex>0x[0-9a-f]+)(?P<hsuffix>l)?(?P<hmult>kb|mb|gb|tb|pb)?$"
    r"|(?P<dec>(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(?P<suffix>[dl])?(?P<mult>kb|mb|gb|tb|pb)?$",
    re.IGNORECASE | re.ASCII,
)
_MULTIPLIERS = {"kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4, "pb": 1024**5}


def parse_number(text: str) -> int | float | Decimal | None:
    """The value of a number literal, or None when the text is not one."""
    text = text.strip()
    sign = 1
    if text[:1] in "+-" and len(text) > 1:
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    m = _NUMBER.match(text)
    if not m:
        return None
    if m.group("hex"):
        value: int | float | Decimal = int(m.group("hex"), 16)
        mult = m.group("hmult")
    else:
        digits = m.group("dec")
        suffix = (m.group("suffix") or "").lower()
        mult = m.group("mult")
        if suffix == "d":
            value = Decimal(digits)
        elif re.fullmatch(r"\d+", digits):
            value = int(digits)
        else:
            value = float(digits)
            if suffix == "l":
                value = int(round(value))
    if mult:
        value = value * _MULTIPLIERS[mult.lower()]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
    return -value if sign < 0 else value
