"""Hồ sơ (Điều 28–31, Phụ lục V and VI of Nghị định 30/2020/NĐ-CP): a room on top of the register.

Library functions, every one scoped to the acting agency, that the command line (and later the office
server's "Hồ sơ" page) call:

- :mod:`notices.hoso.plan`: the Danh mục hồ sơ YAML, checked at line and column;
- :mod:`notices.hoso.library`: store the Danh mục, open, file (at issue and later), close, reopen,
  list due for nộp lưu, hand over; :func:`~notices.hoso.library.filing` is the hook ``notices issue`` calls;
- :mod:`notices.hoso.documents`: Danh mục, Mục lục văn bản, Mục lục nộp lưu, Biên bản giao nhận (DOCX, PDF);
- :mod:`notices.hoso.package`: the Phụ lục VI export (hoso.xml, hoso.xsd, PDFs, SHA256SUMS) and its check;
- :mod:`notices.hoso.backup`: ``notices archive backup`` and ``restore``.
"""
