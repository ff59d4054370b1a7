"""No module of netnp imports one that imports it back, even through an import inside a function (no server needed)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import netnp

PACKAGE_DIR = Path(netnp.__file__).resolve().parent


def import_graph(package_dir: Path) -> nx.DiGraph:
    """Which module of the package imports which, from every import statement, wherever it stands.

    ``from pkg import mod`` counts as an import of ``mod`` and of ``pkg``, whose
    ``__init__`` Python runs first: a module of a package that takes a sibling
    this way depends on everything the package's face imports.
    """
    root = package_dir.parent
    modules: dict[str, Path] = {}
    for path in package_dir.rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    graph = nx.DiGraph()
    for name, path in modules.items():
        graph.add_node(name)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parent + ([node.module] if node.module else []))
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
                if base in modules and modules[base].name == "__init__.py":
                    targets.append(base)
            else:
                continue
            for target in targets:
                while target and target not in modules:  # a name inside a module: the module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph.add_edge(name, target)
    return graph


def test_no_module_imports_one_that_imports_it_back():
    graph = import_graph(PACKAGE_DIR)
    assert graph.has_edge("netnp.connection", "netnp.localserver.server")  # the graph is the package's
    assert list(nx.simple_cycles(graph)) == []


def test_a_circle_through_an_import_inside_a_function_is_found(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from pkg.sub import b\n")
    (package / "a.py").write_text("from pkg.sub.b import thing\n")
    (package / "sub" / "b.py").write_text("def thing():\n    from ..a import other\n    return other\n")
    (package / "c.py").write_text("import pkg.a\nfrom pkg import sub\n")
    graph = import_graph(package)
    assert sorted(map(sorted, nx.simple_cycles(graph))) == [["pkg.a", "pkg.sub.b"]]
    assert graph.has_edge("pkg.c", "pkg.sub") and graph.has_edge("pkg.sub", "pkg.sub.b")


def test_a_circle_through_a_packages_face_is_found(tmp_path):
    # b takes its sibling through the package, whose __init__ imports b
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from pkg.b import run\n")
    (package / "a.py").write_text("X = 1\n")
    (package / "b.py").write_text("from pkg import a\n\ndef run():\n    return a.X\n")
    graph = import_graph(package)
    assert sorted(map(sorted, nx.simple_cycles(graph))) == [["pkg", "pkg.b"]]
