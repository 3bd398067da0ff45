"""The register (Sổ đăng ký văn bản đi) and the archive: numbering, registration, storage, search, export.

A room of its own: it imports the spine (records, render) and nothing in the spine imports it.
Library functions the command line and the web form both call:

- :func:`notices.register.issue.issue_record`: cấp số, đăng ký, lưu one record's documents;
- :mod:`notices.register.registry`: list, find, void the register's rows;
- :mod:`notices.register.archive`: search, get back, verify the stored files;
- :mod:`notices.register.export`: the Sổ đăng ký văn bản đi as XLSX, CSV or PDF.
"""
