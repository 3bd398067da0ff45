"""One agency's backup of an office server's database (``notices archive backup --agency``) holds that agency's
rows and bytes only: its users, drafts and their versions, photos, register rows and archived files — never the
other agency's, whose tables point at ``server_agencies`` (not at the register's ``agencies``) and whose file
bytes sit in the shared ``blobs`` table. On SQLite and PostgreSQL; the backup restored into an empty database
shows it."""

from __future__ import annotations

import hashlib
import io

from sqlalchemy import select

from notices.hoso.backup import backup, restore
from notices.register.db import open_database
from notices.register.registry import AgencyKey
from notices.server import accounts, draft_photos, drafts
from tests.server.conftest import PASSWORD, A, B, example_text


def _photo(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _agency_text(agency: tuple[str, str, str], marker: str) -> str:
    text = example_text().replace("Ủy ban nhân dân huyện Đắk Song", agency[1])
    return text.replace("place: Đắk Song", f"place: {agency[2]}") + f"# {marker}\n"


def test_one_agencys_backup_holds_nothing_of_the_other(office_db, tmp_path):  # type: ignore[no-untyped-def]
    people = {n: accounts.authenticate(office_db, n, PASSWORD, "10.0.0.9") for n in ("lan", "hoa", "minh", "tuan")}
    photos = {}
    for (author, clerk), agency, marker, colour in ((("lan", "hoa"), A, "MARKER-A-31", (200, 0, 0)),
                                                    (("minh", "tuan"), B, "MARKER-B-55", (0, 0, 200))):
        draft = drafts.create_draft(office_db, people[author])
        drafts.save(office_db, people[author], draft.id, _agency_text(agency, marker), kind="notice", base=None)
        assert drafts.issue_draft(office_db, people[clerk], draft.id, "notice", head=1).label == "01/TB-UBND"
        pending = drafts.create_draft(office_db, people[author], kind="news")
        photos[marker] = _photo(colour)
        draft_photos.add_photos(office_db, people[author], pending.id, [("anh.png", photos[marker])])

    out = tmp_path / "sao-luu"
    backup(office_db, AgencyKey("UBND", A[1]), out)

    written = b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())
    assert b"MARKER-A-31" in written and b"MARKER-B-55" not in written
    blob_names = {p.name for p in (out / "blobs").iterdir()}
    assert hashlib.sha256(photos["MARKER-A-31"]).hexdigest() in blob_names
    assert hashlib.sha256(photos["MARKER-B-55"]).hexdigest() not in blob_names
    assert photos["MARKER-B-55"] not in written

    restored = open_database(f"sqlite:///{tmp_path / 'khoi-phuc.db'}")
    try:
        restore(restored, out)
        from notices.register.db import agencies, entries
        from notices.server.tables import draft_photos as photo_rows
        from notices.server.tables import draft_versions, server_agencies, users

        with restored.engine.begin() as conn:
            assert set(conn.execute(select(users.c.login)).scalars()) == {"lan", "hoa"}
            assert list(conn.execute(select(server_agencies.c.ident)).scalars()) == [A[0]]
            assert list(conn.execute(select(agencies.c.name)).scalars()) == [A[1]]
            assert [(e.number, e.notation) for e in conn.execute(select(entries))] == [(1, "TB-UBND")]
            texts = list(conn.execute(select(draft_versions.c.yaml)).scalars())
            assert texts and all("MARKER-A-31" in t for t in texts)
            assert [r.sha256 for r in conn.execute(select(photo_rows))] == [
                hashlib.sha256(photos["MARKER-A-31"]).hexdigest()]
    finally:
        restored.dispose()
