"""notices: Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) from one YAML meeting record."""

__version__ = "0.2.0"
