"""FILTERS: the Jinja2 names templates use give the same text as the functions."""

import datetime as dt
from decimal import Decimal

import jinja2

from notices.vn import FILTERS


def _render(source: str, **values: object) -> str:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters.update(FILTERS)
    return env.from_string(source).render(**values)


def test_filter_names_match_the_contract() -> None:
    required = {"header_date", "body_date", "weekday", "clock", "number", "percent", "words", "upper"}
    assert required <= set(FILTERS)


def test_filters_in_a_template() -> None:
    day = dt.date(2024, 7, 11)
    text = _render(
        "{{ day | weekday(sentence_start=True) }}, {{ day | header_date }} ({{ day | body_date }}), "
        "{{ t | clock }}; {{ n | number }} đồng ({{ n | words | sentence }} đồng); {{ p | percent }}; "
        "{{ 'ủy ban' | upper }}; Số: {{ 5 | doc_number }}; {{ 5 | point }}",
        day=day,
        t=dt.time(14, 0),
        n=Decimal(150000000),
        p=Decimal("99.9"),
    )
    assert text == (
        "Thứ Năm, ngày 11 tháng 7 năm 2024 (11/7/2024), 14 giờ 00; 150.000.000 đồng "
        "(Một trăm năm mươi triệu đồng); 99,9%; ỦY BAN; Số: 05; đ)"
    )
