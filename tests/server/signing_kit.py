"""Keys for the workflow's Ký số and Ban hành tests: the example record's người ký and its agency, certified
by the offline test CA (tests.signing.pki), the server's key file, and the agency's seal set with it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.server.conftest import A
from tests.signing.conftest import kit  # noqa: F401  (fixture, for the modules that import keys)
from tests.signing.pki import P12_PASSWORD, Kit

SIGNER = "Trần Thanh Nghiêm"  # người ký of data/examples/dak-song-cchc-2023.yaml
AGENCY = A[1]


@dataclass
class Keys:
    kit: Kit
    signer_p12: Path
    agency_p12: Path
    seal_png: Path
    secret_file: Path
    passphrase: str = P12_PASSWORD

    def material(self, **changes: object):  # type: ignore[no-untyped-def]
        from notices.server.sealing import Material

        return Material(**{"p12": self.signer_p12.read_bytes(), "passphrase": self.passphrase, **changes})

    @property
    def env(self) -> dict[str, str]:
        return {"NOTICES_SECRET_FILE": str(self.secret_file)}


def keys_in(made: Kit, folder: Path) -> Keys:
    from notices.server.sealing import make_secret_file

    now = dt.datetime.now(dt.UTC)
    folder.mkdir(parents=True, exist_ok=True)
    signer = made.write_p12(f"nguoi-ky-{folder.name}.p12", made.issue(SIGNER, now, eku=None), P12_PASSWORD)
    agency = made.write_p12(f"co-quan-{folder.name}.p12", made.issue(AGENCY, now, eku=None), "mat-khau-dau")
    secret = folder / "notices.key"
    make_secret_file(secret)
    return Keys(made, signer, agency, made.seal_png, secret)


@pytest.fixture
def keys(kit, tmp_path):  # type: ignore[no-untyped-def]  # noqa: F811
    return keys_in(kit, tmp_path / "keys")


def set_seal(url: str, keys: Keys, ident: str = A[0]) -> None:
    """The agency's seal, as `notices agencies seal` sets it (the library it calls)."""
    from notices.register.db import open_database
    from notices.server import accounts, sealing

    db = open_database(url)
    try:
        sealing.set_seal(db, accounts.SYSTEM, ident, keys.seal_png.read_bytes(), p12=keys.agency_p12.read_bytes(),
                         passphrase="mat-khau-dau", key=sealing.server_key(keys.secret_file))
    finally:
        db.dispose()
