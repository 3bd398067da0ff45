"""The built wheel carries everything: installed into a fresh venv with no checkout in sight, it renders,
validates, issues and serves the examples, and renders the same text as this (editable) checkout.

uv builds the sdist and wheel and makes the venv from uv.lock's versions (`./dev test` installs uv in .tools/).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import notices
from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.package

# What the wheel must carry besides the modules, to render, serve and upgrade a register.
PACKAGE_DATA = (
    "notices/templates/notice/item.j2",
    "notices/templates/news/lead.j2",
    "notices/web/static/app.js",
    "notices/web/static/index.html",
    "notices/vn/Viet74K.txt",
    "notices/vn/Viet74K.LICENSE",
    "notices/vn/abbreviations.tsv",
    "notices/register/migrations/script.py.mako",
    "notices/register/migrations/env.py",
    "notices/register/migrations/versions/0001_register.py",
    "notices/hoso/hoso.xsd",
)


def _uv() -> str:
    found = shutil.which("uv") or (str(ROOT / ".tools" / "bin" / "uv") if (ROOT / ".tools/bin/uv").exists() else None)
    if not found:
        pytest.skip("uv không có (./dev test cài nó vào .tools/)")
    return found


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH or virtualenv of ours leaking into the installed copy."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    uv = _uv()
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([uv, "build", "--quiet", "--out-dir", str(dist), str(ROOT)], check=True, env=_clean_env(),
                   cwd=ROOT, timeout=300)
    (wheel,) = dist.glob("notices-*.whl")
    (sdist,) = dist.glob("notices-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


@pytest.fixture(scope="module")
def installed(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv outside the checkout with the wheel and the locked versions of its dependencies (web extra)."""
    uv = _uv()
    home = tmp_path_factory.mktemp("elsewhere")
    venv = home / "venv"
    env = _clean_env()
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True, env=env, timeout=120)
    requirements = home / "requirements.txt"
    subprocess.run([uv, "export", "--quiet", "--frozen", "--no-emit-project", "--extra", "web", "--no-dev",
                    "--output-file", str(requirements)], check=True, cwd=ROOT, env=env, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([uv, "pip", "install", "--quiet", "--python", str(python), "--require-hashes", "-r",
                    str(requirements)], check=True, env=env, timeout=600)
    subprocess.run([uv, "pip", "install", "--quiet", "--python", str(python), "--no-deps", str(built["wheel"])],
                   check=True, env=env, timeout=120)
    return venv


def _run(venv: Path, *args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(venv / "bin" / "notices"), *args], cwd=cwd, env=_clean_env(), text=True,
                          capture_output=True, timeout=600, **kwargs)


def test_wheel_carries_templates_static_word_lists_and_migrations(built: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    missing = [name for name in PACKAGE_DATA if name not in names]
    assert not missing, f"the wheel lacks {missing}"
    # every template of the checkout is in the wheel, under notices/templates
    templates = {f"notices/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
                 for p in (ROOT / "templates").rglob("*.j2")}
    assert templates and templates <= names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_sdist_carries_the_lock_and_the_templates(built: dict[str, Path]) -> None:
    import tarfile

    with tarfile.open(built["sdist"]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert {"uv.lock", "pyproject.toml", "templates/notice/item.j2", "notices/vn/Viet74K.txt"} <= names


def test_installed_copy_is_its_own(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import notices, notices.resources as r; "
                            "print(notices.__file__); print(r.templates())"],
                           cwd=tmp_path, env=_clean_env(), text=True, capture_output=True, check=True)
    module, templates = where.stdout.splitlines()
    assert Path(module).is_relative_to(installed), module
    assert Path(templates).is_relative_to(installed) and (Path(templates) / "notice" / "item.j2").is_file()
    version = _run(installed, "--version", cwd=tmp_path)
    assert version.returncode == 0 and notices.__version__ in version.stdout


def _texts(folder: Path) -> dict[str, str]:
    """Every rendered file's text: DOCX paragraphs from its XML, PDF text through pdfplumber, HTML/MD as is."""
    import pdfplumber
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    texts: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        key = path.relative_to(folder).as_posix()
        if path.suffix == ".docx":
            root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
            texts[key] = "\n".join("".join(t.text or "" for t in p.iter(f"{w}t")) for p in root.iter(f"{w}p"))
        elif path.suffix == ".pdf":
            with pdfplumber.open(path) as pdf:
                texts[key] = "\n\f".join(page.extract_text() or "" for page in pdf.pages)
        elif path.suffix in (".html", ".md"):
            texts[key] = path.read_text("utf-8")
        else:
            texts[key] = f"{path.stat().st_size} bytes"
    return texts


def test_installed_wheel_renders_the_same_text_as_the_checkout(installed: Path, tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(EXAMPLES, records)
    theirs = _run(installed, "render", "records", "--out", "wheel-out", "--quiet", cwd=tmp_path)
    assert theirs.returncode == 0, theirs.stderr
    ours = subprocess.run([sys.executable, "-m", "notices", "render", "records", "--out", "checkout-out", "--quiet"],
                          cwd=tmp_path, text=True, capture_output=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert ours.returncode == 0, ours.stderr
    wheel_texts, checkout_texts = _texts(tmp_path / "wheel-out"), _texts(tmp_path / "checkout-out")
    assert len(checkout_texts) >= 4 * 2
    assert wheel_texts.keys() == checkout_texts.keys()
    for name, text in checkout_texts.items():
        assert wheel_texts[name] == text, name


def test_installed_wheel_validates_and_issues(installed: Path, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "records")
    checked = _run(installed, "validate", "records", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    issued = _run(installed, "issue", "records/dak-song-cchc-2023.yaml", "--db", "sqlite:///register.db",
                  "--date", "2024-03-05", "--out", "issued", cwd=tmp_path)
    assert issued.returncode == 0, issued.stderr
    assert "01/TB-UBND" in issued.stdout
    assert "number: 1" in (tmp_path / "records" / "dak-song-cchc-2023.yaml").read_text("utf-8")
    listed = _run(installed, "register", "list", "--db", "sqlite:///register.db", "--year", "2024", cwd=tmp_path)
    assert listed.returncode == 0 and "01/TB-UBND" in listed.stdout, listed.stdout + listed.stderr


def test_installed_wheel_serves_the_form(installed: Path, tmp_path: Path) -> None:
    import httpx

    from tests.web.conftest import free_port

    port = free_port()
    server = subprocess.Popen([str(installed / "bin" / "notices"), "serve", "--port", str(port)], cwd=tmp_path,
                              env=_clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        page = None
        for _ in range(200):
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert page is not None and page.status_code == 200
        assert "<form" in page.text
        script = httpx.get(f"http://127.0.0.1:{port}/static/app.js", timeout=5)
        assert script.status_code == 200 and len(script.content) > 1000
    finally:
        server.terminate()
        server.communicate(timeout=30)
