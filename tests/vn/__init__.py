"""Tests of notices.vn, the Vietnamese text layer (vectors V1–V26 of vietnamese.md)."""
