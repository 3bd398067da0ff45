"""A metric's own arithmetic: the rate from done/total and whether a written percent agrees with it.

On the records floor: validation warns about a percent that disagrees (records.load), and the composers
state the rate (notices.compose.figures), both from this one rule.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from notices.records.models import Metric

RATE_DECIMALS = 1  # "71,9%": one decimal, as the offices' reports write rates


def rate(done: int, total: int) -> Decimal | None:
    """done/total in percent, rounded half up to one decimal (None when total is 0)."""
    if total == 0:
        return None
    value = Decimal(done) * 100 / Decimal(total)
    return value.quantize(Decimal(1).scaleb(-RATE_DECIMALS), rounding=ROUND_HALF_UP)


def percent_disagrees(metric: Metric) -> Decimal | None:
    """The computed rate when the metric's own ``percent`` disagrees with done/total, else None.

    The given percent agrees when it equals the rate rounded to as many decimals as it is written
    with: 72 agrees with 41/57 = 71,93 only if written 72; 71.9 agrees; 70 does not.
    """
    if metric.percent is None or metric.done is None or metric.total is None:
        return None
    exact = rate(metric.done, metric.total)
    if exact is None:
        return None
    given = Decimal(repr(metric.percent)).normalize()
    places = max(-given.as_tuple().exponent, 0)
    precise = (Decimal(metric.done) * 100 / Decimal(metric.total)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    return None if precise == given else exact
