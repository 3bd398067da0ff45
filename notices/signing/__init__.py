"""Electronic issue (Nghị định 30, Điều 5 and Phụ lục I II.7.d, II.8): PDF/A-3b archive copies,
signature fields where the decree puts the signature, PAdES signing and verification.

Only :mod:`notices.signing.field` is used by every PDF the spine writes (it needs nothing but
WeasyPrint's own pydyf); everything else imports pyHanko/pikepdf lazily, from the ``sign`` extra.
"""
