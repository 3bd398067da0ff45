"""Records: YAML files of a meeting or a reporting period, loaded with positions and validated."""

from notices.records.load import Loaded, load_record, validate_text
from notices.records.models import Record

__all__ = ["Loaded", "Record", "load_record", "validate_text"]
