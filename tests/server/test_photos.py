"""Photos of a draft's Tin bài in the office server's library, on SQLite and PostgreSQL: kept in the database
with the draft, read back byte for byte, another agency's draft not found, a bad file refused by its name,
kept across saves, and found by the renderers (downloads, Cấp số of the notice beside the news post)."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from sqlalchemy import select

from notices.errors import RecordError, UserError
from notices.records.yamlsource import parse
from notices.server import accounts, draft_photos, drafts
from notices.server.accounts import NotFound
from tests.server.conftest import EXAMPLES, PASSWORD, A

PHOTO = EXAMPLES / "photos" / "quang-canh-hoi-nghi.jpg"


def sign_in(db, name: str):  # type: ignore[no-untyped-def]
    return accounts.authenticate(db, name, PASSWORD, "10.0.0.7")


def news_record(number: bool = False) -> str:
    """The commune example (a Tin bài with one photo and a Thông báo), as agency A's record, its notice unnumbered."""
    text = (EXAMPLES / "xa-cchc-6-thang-2024.yaml").read_text(encoding="utf-8")
    text = text.replace("Ủy ban nhân dân xã Phước Hưng", A[1]).replace("place: Phước Hưng", f"place: {A[2]}")
    if not number:
        text = text.replace("    number: 112\n", "").replace("    date: 2024-07-15\n", "")
    return text


def png_bytes() -> bytes:
    """A small real PNG, made by the library's own image reader's package."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def two_photos() -> tuple[bytes, bytes]:
    """Two different small PNGs."""
    from PIL import Image

    made = []
    for colour in ((10, 200, 10), (10, 10, 200)):
        buffer = io.BytesIO()
        Image.new("RGB", (30, 20), colour).save(buffer, "PNG")
        made.append(buffer.getvalue())
    return made[0], made[1]


def test_uploaded_photos_read_back_identical_and_other_agencies_find_nothing(office_db):
    lan, hoa, minh, tuan = (sign_in(office_db, n) for n in ("lan", "hoa", "minh", "tuan"))
    draft = drafts.create_draft(office_db, lan)
    jpeg, png = PHOTO.read_bytes(), png_bytes()
    saved = draft_photos.add_photos(office_db, lan, draft.id, [("quang-canh-hoi-nghi.jpg", jpeg), ("do.png", png)],
                                    named=["photos/quang-canh-hoi-nghi.jpg"])
    assert saved == ["photos/quang-canh-hoi-nghi.jpg", "do.png"]  # where the record already names it
    for reader in (lan, hoa):  # her văn thư reads the agency's drafts
        assert draft_photos.photo_files(office_db, reader, draft.id) == {"photos/quang-canh-hoi-nghi.jpg": jpeg,
                                                                         "do.png": png}
    assert [(p.name, p.sha256, p.size) for p in draft_photos.list_photos(office_db, lan, draft.id)] == [
        ("photos/quang-canh-hoi-nghi.jpg", hashlib.sha256(jpeg).hexdigest(), len(jpeg)),
        ("do.png", hashlib.sha256(png).hexdigest(), len(png))]
    for who in (minh, tuan):  # another agency: not found, whatever it tries
        for attempt in (lambda w=who: draft_photos.photo_files(office_db, w, draft.id),
                        lambda w=who: draft_photos.list_photos(office_db, w, draft.id),
                        lambda w=who: draft_photos.add_photos(office_db, w, draft.id, [("x.jpg", jpeg)])):
            with pytest.raises(NotFound):
                attempt()
    # a second upload of the same bytes under the same name changes nothing; other bytes get a new name
    assert draft_photos.add_photos(office_db, lan, draft.id, [("do.png", png)]) == ["do.png"]
    assert draft_photos.add_photos(office_db, lan, draft.id, [("do.png", jpeg)]) == ["do-2.png"]
    assert draft_photos.photo_files(office_db, lan, draft.id, ["do.png"]) == {"do.png": png}
    from notices.register.db import blobs

    with office_db.engine.begin() as conn:  # the bytes once per content
        assert conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == hashlib.sha256(jpeg).hexdigest())).all() \
            == [(hashlib.sha256(jpeg).hexdigest(),)]


def test_a_chuyen_vien_cannot_reach_a_colleagues_draft_photos(office_db):
    accounts.add_user(office_db, accounts.SYSTEM, "mai", full_name="Phạm Thị Mai", agency=A[0],
                      roles=["chuyen_vien"], password=PASSWORD)
    lan, mai = sign_in(office_db, "lan"), sign_in(office_db, "mai")
    draft = drafts.create_draft(office_db, lan)
    draft_photos.add_photos(office_db, lan, draft.id, [("a.jpg", PHOTO.read_bytes())])
    with pytest.raises(NotFound):
        draft_photos.photo_files(office_db, mai, draft.id)


def test_bad_files_are_refused_by_name_all_at_once_and_nothing_is_kept(office_db):
    lan = sign_in(office_db, "lan")
    draft = drafts.create_draft(office_db, lan)
    jpeg = PHOTO.read_bytes()
    with pytest.raises(UserError) as refused:
        draft_photos.add_photos(office_db, lan, draft.id, [
            ("tot.jpg", jpeg), ("so-lieu.xlsx", b"PK\x03\x04"), ("gia.jpg", b"not a picture at all"),
            ("cut.jpg", jpeg[: len(jpeg) // 2]), ("anh.gif", b"GIF89a")])
    message = refused.value.message
    for name in ("so-lieu.xlsx", "gia.jpg", "cut.jpg", "anh.gif"):
        assert f"“{name}”" in message, message
    assert "tot.jpg" not in message and "JPEG" in message
    assert draft_photos.list_photos(office_db, lan, draft.id) == []  # nothing half-kept
    with pytest.raises(UserError, match="quá lớn"):
        draft_photos.add_photos(office_db, lan, draft.id, [("lon.jpg", b"\xff" * (draft_photos.MAX_PHOTO + 1))])
    for unsafe in ("../../etc/passwd.jpg", "/tmp/x.jpg", ".an.jpg", "a\\b.jpg"):
        assert drafts.safe_photo_name(unsafe) is None, unsafe


def test_saving_versions_keeps_the_photos_and_the_news_renders_them(office_db):
    from notices.photos import prepare
    from notices.render import document_bytes

    lan = sign_in(office_db, "lan")
    draft = drafts.create_draft(office_db, lan)
    jpeg = PHOTO.read_bytes()
    draft_photos.add_photos(office_db, lan, draft.id, [("quang-canh-hoi-nghi.jpg", jpeg)],
                            named=drafts.named_photos({"documents": {"news": {"photos": [
                                {"file": "photos/quang-canh-hoi-nghi.jpg"}]}}}))
    text = news_record()
    drafts.save(office_db, lan, draft.id, text, kind="news", base=None)
    drafts.save(office_db, lan, draft.id, text.replace("Quang cảnh tại Hội nghị", "Quang cảnh Hội nghị"),
                kind="news", base=1)
    version = drafts.get_version(office_db, lan, draft.id)
    assert version.number == 2
    names = drafts.named_photos(parse(version.yaml).data)
    photos = draft_photos.photo_files(office_db, lan, draft.id, names)
    assert photos == {"photos/quang-canh-hoi-nghi.jpg": jpeg}
    office, _ = drafts.agency_profile(office_db, lan)
    from notices.web import service

    with drafts.working(office, photos=photos) as folder:
        loaded, problems, _ = service.check(parse(version.yaml).data, folder)
        assert loaded is not None, problems
        document = service.compose(loaded, "news", folder)
        docx = document_bytes(loaded, document, "docx", "tin-bai")
        expected = prepare(folder / "photos" / "quang-canh-hoi-nghi.jpg").data  # what notices render embeds
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert [archive.read(n) for n in media] == [expected]
        rels = archive.read("word/_rels/document.xml.rels").decode()
        assert media[0].removeprefix("word/") in rels and "<pic:pic" in archive.read("word/document.xml").decode()
    with drafts.working(office) as folder:  # without the draft's photos the same record cannot be rendered
        loaded, problems, _ = service.check(parse(version.yaml).data, folder)
        assert loaded is None and any("quang-canh-hoi-nghi.jpg" in p["message"] for p in problems)


def test_cap_so_of_the_notice_finds_the_news_photos(office_db):
    lan, hoa = sign_in(office_db, "lan"), sign_in(office_db, "hoa")
    without = drafts.create_draft(office_db, lan)
    drafts.save(office_db, lan, without.id, news_record(), kind="notice", base=None)
    with pytest.raises(RecordError) as refused:  # its news post names a photo this draft does not have
        drafts.issue_draft(office_db, hoa, without.id, "notice", head=1)
    assert "quang-canh-hoi-nghi.jpg" in str(refused.value.problems)
    draft = drafts.create_draft(office_db, lan)
    draft_photos.add_photos(office_db, lan, draft.id, [("quang-canh-hoi-nghi.jpg", PHOTO.read_bytes())],
                            named=["photos/quang-canh-hoi-nghi.jpg"])
    drafts.save(office_db, lan, draft.id, news_record(), kind="notice", base=None)
    issued = drafts.issue_draft(office_db, hoa, draft.id, "notice", head=1)
    assert issued.label == "01/TB-UBND"
    name, pdf = drafts.stored_file(office_db, hoa, issued.entry_id, ".pdf")
    assert pdf.startswith(b"%PDF")
    with pytest.raises(drafts.Conflict, match="^Văn bản đã cấp số; không thêm ảnh"):  # numbered: no more photos
        draft_photos.add_photos(office_db, lan, draft.id, [("moi.jpg", PHOTO.read_bytes())])


def test_two_uploads_of_other_bytes_under_one_name_at_once_keep_both(office_db):
    import threading

    lan, hoa = sign_in(office_db, "lan"), sign_in(office_db, "hoa")
    draft = drafts.create_draft(office_db, lan)
    first, second = two_photos()
    barrier, names = threading.Barrier(2), {}

    def upload(who, data):  # type: ignore[no-untyped-def]
        barrier.wait()
        names[data] = draft_photos.add_photos(office_db, who, draft.id, [("anh.png", data)])[0]

    threads = [threading.Thread(target=upload, args=(w, d)) for w, d in ((lan, first), (hoa, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(names.values()) == ["anh-2.png", "anh.png"]
    stored = draft_photos.photo_files(office_db, lan, draft.id)
    assert {stored[names[first]], stored[names[second]]} == {first, second}
