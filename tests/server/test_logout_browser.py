"""In Chromium: "Đăng xuất" takes the form's copy of her draft out of the browser's localStorage at once. Each of
the two ways is proved alone, with the login page's own clean-up (before.js) kept from running: the page's
submit handler (the server's Clear-Site-Data header taken off the answer), and the header (the form submitted
by script, which fires no submit event)."""

from __future__ import annotations

import re

import pytest

from tests.server.test_browser import expect, new_page, sign_in

pytestmark = pytest.mark.postgres

SECRET = "Kế hoạch riêng của Lan về nhân sự năm 2027"


def stored(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")


def typed_draft(browser, url: str):  # type: ignore[no-untyped-def]
    page = new_page(browser)
    sign_in(page, url, "lan")
    page.get_by_role("button", name="Soạn văn bản mới").click()
    expect(page.locator("#preview")).to_have_attribute("data-sequence", re.compile(r"\d+"))
    page.locator("#form").get_by_label("Trích yếu", exact=True).fill(SECRET)
    page.wait_for_function("(words) => (localStorage.getItem('notices-draft') || '').includes(words)", arg=SECRET)
    # the login page would clean up too: keep it from running, so what is proved is the logout's own doing
    page.route("**/server-static/before.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
    return page


def test_the_logout_button_clears_the_draft_from_local_storage(browser, pg_server):
    page = typed_draft(browser, pg_server.url)

    def without_header(route):  # type: ignore[no-untyped-def]
        answer = route.fetch(max_redirects=0)
        headers = {k: v for k, v in answer.headers.items() if k.lower() != "clear-site-data"}
        route.fulfill(response=answer, headers=headers)

    page.route("**/dang-xuat", without_header)
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    assert stored(page) == "{}"
    assert SECRET not in stored(page)
    page.context.close()


def test_the_logout_answer_clears_site_storage(browser, pg_server):
    page = typed_draft(browser, pg_server.url)
    with page.expect_response("**/dang-xuat") as answer:
        page.evaluate("() => document.querySelector('form[action=\"/dang-xuat\"]').submit()")  # no submit event
    assert answer.value.all_headers().get("clear-site-data") == '"storage"'
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    assert SECRET not in stored(page) and stored(page) == "{}"
    page.context.close()
