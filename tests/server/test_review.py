"""The review half of the workflow in the library, on SQLite and PostgreSQL: the format check run on entering
"Chờ kiểm tra thể thức" (DOCX and PDF rendered and read back by ``notices check``), its findings kept with the
version's SHA-256, "Duyệt thể thức" with open findings needing an Ý kiến; comments on the document or one
field, append-only; the difference between two versions in the form's labels; Thu hồi written in the
register (the row stays issued, its files and ``archive verify`` intact, its number never given again);
Thay thế: a new draft naming the replaced document, through the whole chain, linked both ways."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select, text

from notices.errors import UserError
from notices.server import drafts, review, workflow
from notices.server.accounts import SYSTEM, Forbidden, NotFound
from tests.server import test_workflow as base
from tests.server.conftest import A, example_text
from tests.server.signing_kit import keys, kit, set_seal  # noqa: F401  (fixtures: Ký số, Ban hành)
from tests.server.test_workflow import CHAIN, step, written

wdb, people = base.wdb, base.people  # the workflow tests' fixtures: five users of one agency, two of another

BROKEN = "meeting: {name: Họp giao ban}\n"  # saved, but not a valid record: nothing to render


def to_checking(db, people, content: str | None = None) -> int:  # type: ignore[no-untyped-def]
    draft = drafts.create_draft(db, people["cv"]).id
    drafts.save(db, people["cv"], draft, content or example_text(), kind="notice", base=None)
    step(db, people["cv"], draft, "trinh_duyet")
    done = step(db, people["ld"], draft, "duyet_noi_dung")
    assert done.state == review.CHECKING
    return draft


def test_entering_the_format_check_renders_and_checks_docx_and_pdf(wdb, people):
    draft = to_checking(wdb, people)
    found = review.check_result(wdb, people["kt"], draft)
    version = drafts.get_version(wdb, people["kt"], draft)
    assert found.done and [c.fmt for c in found.checks] == ["docx", "pdf"]
    assert all(c.ran and c.version == 1 and c.sha256 == version.sha256 for c in found.checks)
    assert all(c.file_sha256 and len(c.file_sha256) == 64 for c in found.checks)
    assert found.findings == 0 and not found.open  # the example is well formed: nothing to say
    assert step(wdb, people["kt"], draft, "duyet_the_thuc").state == "cho_duyet_ky"  # no Ý kiến needed


def test_a_check_that_cannot_run_is_a_finding_and_approval_needs_y_kien(wdb, people):
    draft = to_checking(wdb, people, BROKEN)
    assert drafts.get_draft(wdb, people["kt"], draft).state == review.CHECKING  # the transition stays
    found = review.check_result(wdb, people["kt"], draft)
    assert found.open and all(not c.ran and c.file_sha256 is None for c in found.checks)
    assert "Hồ sơ chưa hợp lệ" in found.checks[0].findings[0].message
    with pytest.raises(UserError, match="Ý kiến: kiểm tra thể thức còn 2 lỗi"):
        step(wdb, people["kt"], draft, "duyet_the_thuc")
    assert drafts.get_draft(wdb, people["kt"], draft).state == review.CHECKING
    done = step(wdb, people["kt"], draft, "duyet_the_thuc", "Chấp nhận: bản giấy đã kiểm tra")
    assert done.state == "cho_duyet_ky"
    assert workflow.history(wdb, people["kt"], draft)[-1].comment == "Chấp nhận: bản giấy đã kiểm tra"


def test_real_findings_are_listed_with_their_rule(wdb, people, monkeypatch):
    """A version whose PDF breaks a rule of Phụ lục I (the body's font size): the checker reads it back."""
    draft = to_checking(wdb, people)
    import notices.render as render

    original = render.document_bytes

    def smaller(loaded, document, fmt, name):  # type: ignore[no-untyped-def]
        content = original(loaded, document, fmt, name)
        if fmt != "docx":
            return content
        import io
        import zipfile

        source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "word/document.xml":
                    data = data.replace(b'w:val="28"', b'w:val="20"')  # 14 pt → 10 pt
                target.writestr(item, data)
        return out.getvalue()

    monkeypatch.setattr(render, "document_bytes", smaller)
    found = review.run_check(wdb, people["kt"], draft)
    docx = next(c for c in found.checks if c.fmt == "docx")
    assert docx.ran and docx.findings and found.open
    assert any(f.rule == "ND-CO-CHU" and "Cỡ chữ nội dung 10 pt" in f.message and f.ref for f in docx.findings)
    assert next(c for c in found.checks if c.fmt == "pdf").findings == ()  # the PDF was left as written
    with pytest.raises(UserError, match="Ý kiến"):
        step(wdb, people["kt"], draft, "duyet_the_thuc")


def test_a_missing_check_is_run_for_the_checker_and_only_for_her_agency(wdb, people):
    draft = to_checking(wdb, people)
    with pytest.raises(NotFound):
        review.check_result(wdb, people["tuan"], draft)
    with pytest.raises(NotFound):
        review.run_check(wdb, people["tuan"], draft)
    before = len(review.check_result(wdb, people["kt"], draft).checks)
    assert review.ensure_checked(wdb, people["kt"], draft).done and before == 2  # already there: not again


def test_comments_on_the_document_and_on_one_field_append_only(wdb, people):
    draft = written(wdb, people)
    sha = drafts.get_version(wdb, people["cv"], draft).sha256
    labels = dict(review.fields(example_text()))
    assert labels["conclusions.items[2].text"] == "Kết luận 2 › Nội dung"
    assert labels["documents.notice.subject"] == "Thông báo kết luận › Trích yếu"
    on_field = review.add_comment(wdb, people["ld"], draft, "Bổ sung thời hạn", version=1,
                                  path="conclusions.items[2].text")
    whole = review.add_comment(wdb, people["kt"], draft, "  Xem lại thể thức  ", version=1)
    assert (on_field.field_label, on_field.role, on_field.sha256, on_field.full_name) == (
        "Kết luận 2 › Nội dung", "lanh_dao_don_vi", sha, "Người dùng ld")
    assert (whole.field, whole.field_label, whole.text, whole.role) == (None, None, "Xem lại thể thức",
                                                                        "kiem_tra_the_thuc")
    assert [c.text for c in review.comments(wdb, people["cv"], draft)] == ["Bổ sung thời hạn", "Xem lại thể thức"]
    with pytest.raises(UserError, match="Ý kiến: hãy ghi"):
        review.add_comment(wdb, people["ld"], draft, "   ", version=1)
    with pytest.raises(UserError, match="không có trường “meeting.khong_co”"):
        review.add_comment(wdb, people["ld"], draft, "x", version=1, path="meeting.khong_co")
    with pytest.raises(NotFound):
        review.add_comment(wdb, people["ld"], draft, "x", version=9)
    with pytest.raises(NotFound):  # another agency, whatever her roles
        review.add_comment(wdb, people["tuan"], draft, "x", version=1)
    with pytest.raises(NotFound):
        review.comments(wdb, people["minh"], draft)
    to_checking(wdb, people, BROKEN)  # a format check's rows too
    for statement in ("UPDATE review_comments SET text = 'x'", "DELETE FROM review_comments",
                      "UPDATE format_checks SET findings = '[]'", "DELETE FROM format_checks"):
        with pytest.raises(Exception, match="append-only"), wdb.engine.begin() as conn:
            conn.execute(text(statement))
    assert len(review.comments(wdb, people["cv"], draft)) == 2


def test_the_difference_between_two_versions_field_by_field(wdb, people):
    draft = written(wdb, people)
    step(wdb, people["cv"], draft, "trinh_duyet")
    step(wdb, people["ld"], draft, "duyet_noi_dung")
    changed = example_text().replace("assignee: Các cơ quan, đơn vị, UBND các xã, thị trấn",
                                     "assignee: Phòng Nội vụ", 1)
    drafts.save(wdb, people["kt"], draft, changed, kind="notice", base=1)  # back to the first approval step
    found = review.compare(wdb, people["cv"], draft)
    assert (found.old, found.new, found.choices) == (1, 2, (1, 2))  # the approved version against the current
    assert found.approvals == (("Duyệt nội dung", 1),)
    assert [str(c) for c in found.changes] == [
        "Kết luận 1 › Giao cho: “Các cơ quan, đơn vị, UBND các xã, thị trấn” → “Phòng Nội vụ”"]
    assert review.compare(wdb, people["cv"], draft, 2, 2).changes == []
    backwards = review.compare(wdb, people["cv"], draft, 2, 1).changes
    assert (backwards[0].old, backwards[0].new) == ("Phòng Nội vụ", "Các cơ quan, đơn vị, UBND các xã, thị trấn")
    removed = review.diff(example_text(), example_text().replace("  closing:", "  closing_x:", 1))
    assert any(c.new is None and c.path == "documents.notice.closing" for c in removed)
    with pytest.raises(NotFound):
        review.compare(wdb, people["tuan"], draft)


@pytest.fixture
def signing(db_url, keys, monkeypatch):  # type: ignore[no-untyped-def]  # noqa: F811
    """The agency's seal set (Ban hành) and the signer's .p12 at hand (Ký số)."""
    monkeypatch.setenv("NOTICES_SECRET_FILE", str(keys.secret_file))
    set_seal(db_url, keys)
    return keys


def through_the_chain(db, people, draft: int, signing) -> None:  # type: ignore[no-untyped-def]
    for name, action, _ in CHAIN:
        info = drafts.get_draft(db, people[name], draft)
        workflow.act(db, people[name], draft, action, state=info.state, head=info.head,
                     material=signing.material() if action == "ky_so" else None)


def issued_notice(db, people, signing) -> int:  # type: ignore[no-untyped-def]
    draft = written(db, people)
    through_the_chain(db, people, draft, signing)
    return draft


def test_thu_hoi_is_written_in_the_register_and_the_number_never_given_again(wdb, people, signing):
    from notices.register import archive
    from notices.register.export import note, row

    draft = issued_notice(wdb, people, signing)
    done = step(wdb, people["vt"], draft, "thu_hoi", "Sai thẩm quyền ban hành")
    assert done.state == "thu_hoi" and "01/TB-UBND" in done.message
    [entry] = drafts.issued(wdb, people["vt"])
    assert entry.status == "issued" and review.recall_note(entry.void_reason) == "Sai thẩm quyền ban hành"
    assert note(entry).startswith("Đã thu hồi ngày ") and note(entry).endswith("(vt): Sai thẩm quyền ban hành")
    assert row(entry)[-1] == note(entry)
    name, content = drafts.stored_file(wdb, people["vt"], entry.id, ".pdf")  # kept, readable
    assert content.startswith(b"%PDF")
    checked, mismatches = archive.verify(wdb)
    assert checked >= 1 and mismatches == []
    other = issued_notice(wdb, people, signing)
    labels = sorted((e.label, e.status) for e in drafts.issued(wdb, people["vt"]))
    assert labels == [("01/TB-UBND", "issued"), ("02/TB-UBND", "issued")] and other != draft


def test_thay_the_makes_a_new_draft_naming_the_replaced_one_through_the_whole_chain(wdb, people, signing):
    from notices.records.load import validate_text
    from notices.records.yamlsource import parse

    draft = issued_notice(wdb, people, signing)
    [entry] = drafts.issued(wdb, people["vt"])
    with pytest.raises(Forbidden):  # the signer recalls; a chuyên viên drafts the replacement
        review.replace(wdb, people["nk"], draft)
    with pytest.raises(NotFound):
        review.replace(wdb, people["minh"], draft)
    with pytest.raises(UserError, match="chỉ thay thế văn bản đã ban hành"):
        review.replace(wdb, people["cv"], written(wdb, people))
    created = review.replace(wdb, people["cv"], draft)
    version = drafts.get_version(wdb, people["cv"], created.id)
    notice = parse(version.yaml).data["documents"]["notice"]
    cited = f"Thông báo số 01/TB-UBND ngày {entry.date_text}"
    assert notice["replaces"] == cited and notice["number"] is None and notice["date"] is None
    assert notice["body"][-1] == f"Thông báo này thay thế {cited}."
    assert created.state == "du_thao" and version.number == 1
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:  # a valid record, as saved
        validate_text(version.yaml, Path(folder) / "ho-so.yaml")
    up, down = review.links(wdb, people["cv"], created.id)
    assert up is not None and (up.draft_id, up.label) == (draft, "01/TB-UBND") and down == []
    assert [(d.draft_id, d.label) for d in review.links(wdb, people["vt"], draft)[1]] == [(created.id, "01/TB-UBND")]
    assert workflow.history(wdb, people["vt"], draft)[-1].action == "thay_the"
    with pytest.raises(drafts.Conflict, match=f"đã có văn bản thay thế \\(dự thảo số {created.id}\\)"):
        review.replace(wdb, people["cv"], draft)  # one replacement: a second click makes nothing
    assert len(drafts.list_drafts(wdb, people["vt"])) == 3  # the issued, the one in Dự thảo above, its replacement
    for statement in ("UPDATE replacements SET entry_id = 0", "DELETE FROM replacements"):
        with pytest.raises(Exception, match="append-only"), wdb.engine.begin() as conn:
            conn.execute(text(statement))
    through_the_chain(wdb, people, created.id, signing)
    labels = sorted(e.label for e in drafts.issued(wdb, people["vt"]))
    assert labels == ["01/TB-UBND", "02/TB-UBND"]
    issued = drafts.get_version(wdb, people["vt"], created.id)
    assert parse(issued.yaml).data["documents"]["notice"]["replaces"] == cited
    assert hashlib.sha256(issued.yaml.encode()).hexdigest() == issued.sha256


def test_the_register_rows_of_other_agencies_are_never_recalled(wdb, people, signing):
    draft = issued_notice(wdb, people, signing)
    with pytest.raises(NotFound):
        workflow.act(wdb, people["tuan"], draft, "thu_hoi", state="da_ban_hanh",
                     head=drafts.get_draft(wdb, people["vt"], draft).head, comment="x")
    with wdb.engine.begin() as conn:
        from notices.register.db import entries

        assert conn.execute(select(entries.c.void_reason)).scalars().all() == [None]


def test_without_the_content_step_trinh_duyet_enters_the_check(wdb, people):
    workflow.set_steps(wdb, SYSTEM, A[0], ("the-thuc", "ky"))
    draft = written(wdb, people)
    done = step(wdb, people["cv"], draft, "trinh_duyet")
    assert done.state == review.CHECKING and done.message.endswith("Kiểm tra thể thức: không có lỗi.")
    assert review.check_result(wdb, people["kt"], draft).done
    workflow.set_steps(wdb, SYSTEM, A[0], ("ky",))  # no format step: nothing rendered on the way
    other = written(wdb, people)
    assert step(wdb, people["cv"], other, "trinh_duyet").state == "cho_duyet_ky"
    assert review.check_result(wdb, people["kt"], other).checks == ()
