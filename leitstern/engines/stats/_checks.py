"""Small checks the ``_..._iv`` functions are built from. Each adds a problem to the
collector and returns ``None`` when the value is unusable, else the value as ``float``/``int``.
Nothing is clipped or rounded: a value is used as given or refused."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from numbers import Real
from typing import Any

import numpy as np

from .errors import Problems

DIRECTIONS = ("higher", "lower")


def number(p: Problems, name: str, value: Any) -> float | None:
    """A finite real number (int, float, Decimal or numpy number; never bool or text)."""
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal, np.number)):
        p.add(name, "not_a_number", f"{name} must be a number (got {value!r}).", value=repr(value))
        return None
    try:
        x = float(value)
    except OverflowError:  # an int beyond the range of floats
        x = math.inf
    if not math.isfinite(x):
        p.add(name, "not_finite", f"{name} must be a finite number (got {value!r}).", value=str(x))
        return None
    return x


def positive(p: Problems, name: str, value: Any) -> float | None:
    x = number(p, name, value)
    if x is not None and x <= 0:
        p.add(name, "not_positive", f"{name} must be greater than zero (got {x:g}).", value=x)
        return None
    return x


def unit(p: Problems, name: str, value: Any) -> float | None:
    """A number strictly between 0 and 1 (α, power, a conversion rate)."""
    x = number(p, name, value)
    if x is not None and not 0.0 < x < 1.0:
        p.add(
            name,
            "outside_unit_interval",
            f"{name} must lie strictly between 0 and 1 (got {x:g}).",
            value=x,
        )
        return None
    return x


def count(p: Problems, name: str, value: Any, *, minimum: int = 0) -> int | None:
    """A whole number ≥ ``minimum`` (``100`` and ``100.0`` are accepted, ``100.5`` is not)."""
    x = number(p, name, value)
    if x is None:
        return None
    if not x.is_integer():
        p.add(name, "not_whole_number", f"{name} must be a whole number (got {x:g}).", value=x)
        return None
    if x < 0:
        p.add(name, "negative", f"{name} cannot be negative (got {x:g}).", value=int(x))
        return None
    if x < minimum:
        p.add(
            name,
            "too_small",
            f"{name} must be at least {minimum} (got {x:g}).",
            value=int(x),
            minimum=minimum,
        )
        return None
    return int(x)


def choice(p: Problems, name: str, value: Any, choices: Sequence[str]) -> str | None:
    if not isinstance(value, str) or value not in choices:
        p.add(
            name,
            "invalid_choice",
            f"{name} must be one of {', '.join(choices)} (got {value!r}).",
            value=repr(value),
            choices=list(choices),
        )
        return None
    return value


def values(p: Problems, name: str, value: Any, *, minimum: int) -> np.ndarray | None:
    """A one-dimensional sequence of finite numbers with at least ``minimum`` entries."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        p.add(name, "wrong_type", f"{name} must be a list of numbers.", expected="list")
        return None
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf" and value.ndim == 1:
        arr = value.astype(float)  # a copy: later changes to the caller's array do not leak in
        return _finite_and_long_enough(p, name, arr, minimum)
    items = list(value)
    if all(type(v) is float or type(v) is int for v in items):  # the common case, fast
        try:
            arr = np.asarray(items, dtype=float)
        except OverflowError:  # an int beyond the range of floats
            arr = np.asarray([_float(v) for v in items], dtype=float)
        return _finite_and_long_enough(p, name, arr, minimum)
    bad = [i for i, v in enumerate(items) if isinstance(v, bool) or not _is_real(v)]
    if bad:
        p.add(
            name,
            "not_a_number",
            f"{name} must hold numbers only (entry {bad[0] + 1} is {items[bad[0]]!r}).",
            value=repr(items[bad[0]]),
            index=bad[0],
        )
        return None
    arr = np.asarray([_float(v) for v in items], dtype=float)
    return _finite_and_long_enough(p, name, arr, minimum)


def _finite_and_long_enough(
    p: Problems, name: str, arr: np.ndarray, minimum: int
) -> np.ndarray | None:
    if not np.isfinite(arr).all():
        i = int(np.flatnonzero(~np.isfinite(arr))[0])
        p.add(
            name,
            "not_finite",
            f"{name} must hold finite numbers (entry {i + 1} is {arr[i]}).",
            value=str(arr[i]),
            index=i,
        )
        return None
    if len(arr) < minimum:
        p.add(
            name,
            "too_few_values",
            f"{name} needs at least {minimum} values (got {len(arr)}).",
            count=len(arr),
            minimum=minimum,
        )
        return None
    return arr


def _is_real(v: Any) -> bool:
    return isinstance(v, (Real, Decimal, np.number))


def _float(v: Any) -> float:
    try:
        return float(v)
    except OverflowError:
        return math.inf
