"""netnp as users install it: a wheel, in a fresh virtualenv, used outside the source tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from report_documents import karate_document

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    # Only the interpreter's own variables: no NETNP_CYPHER_DIR, no PYTHONPATH
    # pointing back at the source tree.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETNP_", "PYTHON", "NEO4J_"))}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv with netnp installed from a wheel built from this tree."""
    work = tmp_path_factory.mktemp("wheel")
    # A copy of the sources without what earlier builds and installs left behind
    # (setuptools would reuse a stale build/ folder, deleted modules included).
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache"))
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(source)], cwd=work)
    wheels = list((work / "dist").glob("netnp-*.whl"))
    assert len(wheels) == 1
    _run([sys.executable, "-m", "venv", str(work / "venv")], cwd=work)
    _run([str(work / "venv" / "bin" / "pip"), "install", "-q", str(wheels[0])], cwd=work)
    return work


def test_the_wheel_carries_the_cypher_modules_and_finds_them_in_site_packages(installed):
    venv_python = str(installed / "venv" / "bin" / "python")
    where = _run([venv_python, "-c", "import netnp.modules as m; print(m.default_root())"], cwd=installed)
    assert "site-packages" in where.stdout and str(ROOT) not in where.stdout
    listed = _run([str(installed / "venv" / "bin" / "netnp"), "query", "--list", "--json"], cwd=installed)
    names = {m["name"] for m in json.loads(listed.stdout)}
    source = {p.relative_to(ROOT / "netnp" / "cypher").with_suffix("").as_posix()
              for p in (ROOT / "netnp" / "cypher").rglob("*.cypher")}
    assert names == source


def test_netnp_version_runs_from_the_wheel(installed):
    out = _run([str(installed / "venv" / "bin" / "netnp"), "version"], cwd=installed).stdout
    assert out.startswith("netnp ") and "Neo4j 5.26" in out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_report_renders_from_a_results_document_with_the_wheels_templates(installed, lang):
    document = installed / f"karate-{lang}.json"
    document.write_text(json.dumps(karate_document()), encoding="utf-8")
    target = installed / f"karate-{lang}.html"
    _run([str(installed / "venv" / "bin" / "netnp"), "report", "--from", str(document),
          "-o", str(target), "--lang", lang], cwd=installed)
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in html
    assert f'<html lang="{lang}"' in html
    assert ("Liens faibles" in html) == (lang == "fr") and ("Weak ties" in html) == (lang == "en")
