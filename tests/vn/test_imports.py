"""V13 and the issue: no locale, Babel, num2words or unidecode; only convert loads python-docx."""

import ast
import sys
from pathlib import Path

VN = Path(__file__).resolve().parents[2] / "notices" / "vn"


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(top-level module, imported at module level?) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], id(node) in top_level) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module.split(".")[0], id(node) in top_level))
    return found


def test_vn_imports_only_the_standard_library_and_itself_at_module_level() -> None:
    allowed = set(sys.stdlib_module_names) | {"notices", "__future__"}
    for path in VN.glob("*.py"):
        for module, at_top in _imports(path):
            assert module in allowed or not at_top, (path.name, module)


def test_no_locale_babel_num2words_or_unidecode() -> None:
    banned = {"locale", "babel", "num2words", "unidecode", "icu", "chardet", "charset_normalizer"}
    used = {module for path in VN.glob("*.py") for module, _ in _imports(path)}
    assert not used & banned


def test_docx_is_imported_lazily_and_only_by_convert() -> None:
    for path in VN.glob("*.py"):
        docx_imports = [at_top for module, at_top in _imports(path) if module == "docx"]
        assert not any(docx_imports), path.name
        assert not docx_imports or path.name == "convert.py"
