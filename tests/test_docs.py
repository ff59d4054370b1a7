"""The documentation tells the truth: every command is documented with an example,
the README's two commands are the ones CI runs, docker-compose.yml is sound."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from netnp import clidocs

ROOT = Path(__file__).resolve().parent.parent


def _readme_command(name: str) -> str:
    spec = importlib.util.spec_from_file_location("readme_command", ROOT / ".ci" / "readme_command.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.readme_command(name)


@pytest.mark.parametrize("name, command, ctx", list(clidocs.commands()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_with_an_example(name, command, ctx):
    text = command.get_help(ctx)
    assert "Example:" in text, f"`{name} --help` has no example"
    example = text.split("Example:", 1)[1].strip().splitlines()[0]
    assert "netnp" in example, f"the example of `{name}` does not show a netnp command"


def test_cli_reference_is_up_to_date():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == clidocs.render(), (
        "docs/cli.md is stale: run `python -m netnp.clidocs > docs/cli.md`"
    )


def test_readme_has_the_two_setup_commands_and_ci_runs_the_test_one():
    main, test = _readme_command("main"), _readme_command("test")
    assert "pip install" in main and "netnp quickstart" in main
    assert "pip install" in test and "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text()
    assert "readme_command.py test" in ci


def test_every_top_level_command_appears_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, _command, _ctx in clidocs.commands():
        parts = name.split()
        if len(parts) == 2 and parts[1] not in ("version",):
            assert f"netnp {parts[1]}" in readme, f"README.md does not mention `{name}`"


def test_docker_compose_runs_neo4j_526_with_plugins_on_loopback_only():
    import yaml
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    neo4j = compose["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5\.26[\w.-]*", neo4j["image"])
    assert all(port.startswith("127.0.0.1:") for port in neo4j["ports"])
    env = neo4j["environment"]
    assert "apoc" in env["NEO4J_PLUGINS"] and "graph-data-science" in env["NEO4J_PLUGINS"]
    assert "${NEO4J_PASSWORD" in env["NEO4J_AUTH"]
    for volume in neo4j["volumes"]:
        assert volume.split(":")[0] in compose["volumes"], "volumes must be named volumes"


def test_python_m_netnp_help_runs_without_a_server():
    result = subprocess.run([sys.executable, "-m", "netnp", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "quickstart" in result.stdout


def test_every_link_of_the_docs_resolves_inside_the_repository():
    """Relative links of README.md and docs/*.md name a file of the repository,
    and a heading of it when they have an anchor; other links are https URLs."""
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for document in documents:
        for target in re.findall(r"\]\(([^)\s]+)\)", document.read_text(encoding="utf-8")):
            if target.startswith("https://"):
                continue
            path, _, anchor = target.partition("#")
            linked = (document.parent / path).resolve() if path else document
            if not linked.is_relative_to(ROOT) or not linked.exists():
                broken.append(f"{document.name}: {target}")
            elif anchor and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.MULTILINE)
                slugs = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}
                if anchor not in slugs:
                    broken.append(f"{document.name}: {target} (no such heading)")
    assert not broken, "links that do not resolve inside the repository: " + ", ".join(broken)


def test_the_readme_layout_names_every_package_and_top_level_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1]
    package = ROOT / "netnp"
    wanted = [f"netnp/{p.name}/" for p in package.iterdir() if (p / "__init__.py").is_file()]
    wanted += [f"netnp/{p.name}" for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    wanted.append("netnp/cypher/")
    missing = [name for name in wanted if f"`{name}`" not in layout]
    assert missing == [], f"README's layout table does not name {missing}"
