"""The archive copy's facts and namespaces, for signing and verifying: written by :mod:`notices.writers.pdfa`.

Signing works on finished PDFs; it reads what the PDF/A writer wrote (its XMP namespaces, the time zone of
its dates) and never writes one.
"""

from notices.writers.pdfa import NS_DC, NS_RDF, NS_VB, PROPERTIES, VIETNAM, ArchiveFacts, facts, xmp_packet

__all__ = ["NS_DC", "NS_RDF", "NS_VB", "PROPERTIES", "VIETNAM", "ArchiveFacts", "facts", "xmp_packet"]
