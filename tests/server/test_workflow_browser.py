"""The shortest chain for a small commune in Chromium (steps: drafter → signer → văn thư), by the buttons'
labels: Trình duyệt, Duyệt ký, Cấp số, Ký số, Ban hành; with one Trả lại (Ý kiến required) and its
correction. Each user finds her work under "Chờ tôi xử lý"; Lịch sử lists every step; the register agrees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.server.conftest import example_text, populate, start, stop
from tests.server.signing_kit import keys, kit, set_seal  # noqa: F401  (fixtures: Ký số, Ban hành)
from tests.server.test_browser import expect, new_page, no_violations, sign_in

pytestmark = pytest.mark.postgres
COMMUNE = {"cv": (None, ["chuyen_vien"]), "nk": (None, ["nguoi_ky"]), "vt": (None, ["van_thu"])}


@pytest.fixture
def commune(pg_url, keys):  # type: ignore[no-untyped-def]  # noqa: F811
    from tests.server.conftest import A

    populate(pg_url, steps=("ky",), users={k: (A, roles) for k, (_, roles) in COMMUNE.items()})
    set_seal(pg_url, keys)
    running = start(pg_url, env=keys.env)
    yield running
    stop(running)


class Clicks:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, locator) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        locator.click()


def test_the_shortest_chain_for_a_small_commune(browser, commune, keys, tmp_path: Path, pg_url):  # noqa: F811
    url = commune.url
    click = Clicks()
    record = tmp_path / "thong-bao.yaml"
    record.write_text(example_text(), encoding="utf-8")
    cv = new_page(browser)
    sign_in(cv, url, "cv")
    click(cv.get_by_role("button", name="Soạn văn bản mới"))
    expect(cv.locator("#preview")).to_have_attribute("data-sequence", re.compile(r"\d+"))
    cv.set_input_files("#open-file", str(record))
    click.count += 1  # choosing the file
    expect(cv.locator("#status")).to_contain_text("Đã mở thong-bao.yaml")
    click(cv.get_by_role("button", name="Lưu", exact=True))
    expect(cv.locator("#status")).to_have_text("Đã lưu phiên bản 1.")
    click(cv.get_by_role("button", name="Trình duyệt", exact=True))
    expect(cv.locator("#trang-thai")).to_have_text("Chờ duyệt ký")
    before = click.count  # the drafter's part of the shortest chain

    def open_waiting(page, name: str, action: str) -> None:  # type: ignore[no-untyped-def]
        if not page.url.endswith("/van-ban"):
            click(page.get_by_role("link", name="Văn bản của tôi"))
        waiting = page.get_by_role("table", name="Chờ tôi xử lý")
        expect(waiting).to_contain_text(action)
        click(waiting.get_by_role("link").first)
        expect(page.get_by_role("button", name=action, exact=True)).to_be_visible()

    nk = new_page(browser)
    sign_in(nk, url, "nk")
    # first she sends it back: Trả lại without Ý kiến is not sent (required), with it the drafter is told
    open_waiting(nk, "nk", "Duyệt ký")
    no_violations(nk)
    nk.get_by_role("button", name="Trả lại", exact=True).click()
    expect(nk.locator("#trang-thai")).to_have_text("Chờ duyệt ký")  # the browser refused the empty Ý kiến
    nk.get_by_label("Ý kiến").fill("Ghi rõ thời hạn hoàn thành")
    nk.get_by_role("button", name="Trả lại", exact=True).click()
    expect(nk.locator("#trang-thai")).to_have_text("Dự thảo")
    open_waiting(cv, "cv", "Trình duyệt")
    name = cv.get_by_role("group", name="Cuộc họp", exact=True).get_by_label("Tên hội nghị")
    name.fill(name.input_value() + " (có thời hạn)")
    cv.get_by_role("button", name="Lưu", exact=True).click()
    expect(cv.locator("#status")).to_have_text("Đã lưu phiên bản 2.")
    cv.get_by_role("button", name="Trình duyệt", exact=True).click()
    expect(cv.locator("#trang-thai")).to_have_text("Chờ duyệt ký")
    click.count = before  # the correction is not part of the shortest chain
    nk.goto(url + "/van-ban")  # where she lands when she signs in

    open_waiting(nk, "nk", "Duyệt ký")
    click(nk.get_by_role("button", name="Duyệt ký", exact=True))
    expect(nk.locator("#trang-thai")).to_have_text("Đã duyệt ký")
    vt = new_page(browser)
    sign_in(vt, url, "vt")
    open_waiting(vt, "vt", "Cấp số")
    click(vt.get_by_role("button", name="Cấp số", exact=True))
    expect(vt.locator("#trang-thai")).to_have_text("Đã cấp số", timeout=120_000)
    open_waiting(nk, "nk", "Ký số")
    nk.get_by_label("Tệp chứng thư số (.p12)").set_input_files(str(keys.signer_p12))
    click.count += 1  # choosing the file
    nk.get_by_label("Mật khẩu tệp chứng thư số").fill(keys.passphrase)
    click(nk.get_by_role("button", name="Ký số", exact=True))
    expect(nk.locator("#trang-thai")).to_have_text("Đã ký")
    open_waiting(vt, "vt", "Ban hành")
    click(vt.get_by_role("button", name="Ban hành", exact=True))
    expect(vt.locator("#trang-thai")).to_have_text("Đã ban hành")
    no_violations(vt)
    history = vt.get_by_role("table", name="Lịch sử")
    steps = [history.locator("tbody tr").nth(i).locator("td").nth(3).inner_text()
             for i in range(history.locator("tbody tr").count())]
    assert steps == ["Trình duyệt", "Trả lại", "Trình duyệt", "Duyệt ký", "Cấp số", "Ký số", "Ban hành"]
    expect(history).to_contain_text("Ghi rõ thời hạn hoàn thành")
    vt.goto(url + "/van-ban")
    expect(vt.get_by_role("main")).to_contain_text("01/TB-UBND")
    expect(vt.get_by_role("main")).to_contain_text("Không có văn bản nào chờ bạn xử lý.")
    from notices.register.db import open_database
    from notices.server import workflow

    db = open_database(pg_url)
    try:
        with db.engine.begin() as conn:
            from sqlalchemy import select

            from notices.register.db import entries

            numbered = conn.execute(select(workflow.workflow_events.c.comment)
                                    .where(workflow.workflow_events.c.action == "cap_so")).scalars().all()
            rows = conn.execute(select(entries.c.number, entries.c.status)).all()
        assert numbered == ["01/TB-UBND"] and [tuple(r) for r in rows] == [(1, "issued")]
    finally:
        db.dispose()
    print(f"\nshortest chain, small commune: {click.count} clicks after signing in")
    assert click.count == 15
    for page in (cv, nk, vt):
        assert not page.errors, page.errors
        page.context.close()
