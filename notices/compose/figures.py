"""Figures attached to results and tasks: the rate computed from done/total, and the phrase that
states a metric when the sentence it belongs to does not already say it."""

from __future__ import annotations

from decimal import Decimal

from notices import vn
from notices.records.figures import RATE_DECIMALS, percent_disagrees, rate
from notices.records.models import Metric

__all__ = ["RATE_DECIMALS", "cell", "metric_phrase", "percent_disagrees", "rate"]

def metric_phrase(metric: Metric | None, text: str) -> str | None:
    """'41/57 nhiệm vụ, đạt 71,9%', '673 hồ sơ trực tuyến', 'hồ sơ đúng hạn: 99,9%' — or None when
    ``text`` already gives every figure of the metric (the user's sentence is never rewritten)."""
    if metric is None:
        return None
    if metric.done is not None and metric.total is not None:
        ratio = f"{vn.fmt_number(metric.done)}/{vn.fmt_number(metric.total)}"
        computed = rate(metric.done, metric.total)
        percent = vn.fmt_percent(computed.normalize()) if computed is not None else None
        if ratio in text and (percent is None or percent in text):
            return None
        phrase = f"{ratio} {metric.label}"
        return f"{phrase}, đạt {percent}" if percent else phrase
    if metric.count is not None:
        count = vn.fmt_number(metric.count)
        return None if _says(text, count) else f"{count} {metric.label}"
    if metric.percent is not None:
        percent = vn.fmt_percent(Decimal(repr(metric.percent)).normalize())
        return None if percent in text else f"{metric.label}: {percent}"
    return None


def _says(text: str, figure: str) -> bool:
    """Whether ``figure`` appears in ``text`` as a whole number (not inside a longer one)."""
    import re

    return re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d]|[.,]\d)", text) is not None


def cell(value: str | int | float) -> str:
    """A table cell: figures in Vietnamese format (57.570; 99,9), text kept exactly as written."""
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    return vn.fmt_number(value)
