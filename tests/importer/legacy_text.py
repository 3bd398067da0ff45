"""Unicode → TCVN3 / VNI, the inverse of the project's tables, to type test documents in old fonts."""

from __future__ import annotations

import unicodedata

from notices.vn.legacy import TCVN3_TABLE, VNI_TABLE


def encode(text: str, encoding: str) -> str:
    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3":
        back = {v: k for k, v in TCVN3_TABLE.items()}
        # capitals: VN3 has only Ă Â Ê Ô Ơ Ư Đ; other toned capitals are typed in .VnTimeH as lower case
        return "".join(back.get(c, back.get(c.lower(), c) if c.lower() in back and c not in back else c)
                       for c in text)
    back = {}
    for seq, letter in VNI_TABLE.items():
        if letter not in back or len(seq) < len(back[letter]) or (seq.isupper() and letter.isupper()):
            back[letter] = seq
    return "".join(back.get(c, c) for c in text)
