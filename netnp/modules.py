"""Cypher modules: one query per ``.cypher`` file, loaded by name.

Every analysis, import step and health check of netnp is a Cypher module, so
that an analyst can read it, and paste it into Neo4j Browser as it is. The
modules are package data (``netnp/cypher/``), found with :mod:`importlib.resources`,
so that an installed wheel carries them.

A module's name is its path below ``netnp/cypher/`` without the suffix, for example
``db/node_counts`` for ``netnp/cypher/db/node_counts.cypher``. Each file starts with
a ``//`` header, in this form::

    // Counts nodes by kind.
    // Any further lines describe the computation.
    //
    // Parameters:
    //   $kinds: the node kinds to count. Example: ["Person", "Organization"]
    //
    // Returns: one row per kind: kind, nodes.
    // Mode: read

``Parameters:`` lists every ``$parameter`` the query uses, each with a JSON
example value (``Parameters: none`` when it has none). ``Mode:`` is ``read``
or ``write``. The loader refuses a file whose query uses an undocumented
parameter, or documents one it does not use, so headers cannot drift from
the queries they describe.

The header's examples are what a test runs every module with, and what an
analyst types in Browser as ``:param kinds => ["Person", "Organization"]``.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from netnp.errors import ModuleError

#: Names of parameters and, in a module, the ``$name`` tokens that use them.
_PARAM_NAME = r"[A-Za-z_][A-Za-z0-9_]*"

# What a Cypher text holds that may contain a "$" without being a parameter:
# string literals, quoted identifiers and comments. Scanned together, so that
# a "//" inside a string (a URL) is not taken for a comment.
_CYPHER_TOKENS = re.compile(
    r"""
      (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    | (?P<quoted>`[^`]*`)
    | (?P<block_comment>/\*.*?\*/)
    | (?P<line_comment>//[^\n]*)
    | \$(?P<param>"""
    + _PARAM_NAME
    + r""")
    """,
    re.VERBOSE | re.DOTALL,
)

_PARAM_LINE = re.compile(
    r"^\$(?P<name>" + _PARAM_NAME + r")\s*:\s*(?P<doc>.*?)\s*Example:\s*(?P<example>.+?)\s*$"
)

#: Clauses that make a query a write; used to refuse a write early and clearly.
_WRITE_CLAUSE = re.compile(
    r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV)\b|\.write\(|\.mutate\(",
    re.IGNORECASE,
)
_IN_TRANSACTIONS = re.compile(r"\bIN\s+(?:(?:\d+\s+|\$\w+\s+)?CONCURRENT\s+)?TRANSACTIONS\b", re.IGNORECASE)


@dataclass(frozen=True)
class Parameter:
    """A documented ``$parameter`` of a module."""

    name: str
    doc: str
    example: Any


@dataclass(frozen=True)
class Module:
    """One Cypher query, its documentation, and how it must be run."""

    name: str
    path: Path
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    returns: str
    writes: bool
    text: str = field(repr=False)

    @property
    def needs_autocommit(self) -> bool:
        """True for ``CALL { … } IN TRANSACTIONS``, which Neo4j runs only outside
        an explicit transaction."""
        return bool(_IN_TRANSACTIONS.search(_strip_comments_and_strings(self.text)))

    @property
    def runs_concurrently(self) -> bool:
        """True for ``CALL { … } IN CONCURRENT TRANSACTIONS``: its transactions may
        deadlock with each other, so such a module must be idempotent (it only sets
        or removes properties and labels), and the runner runs it again whole."""
        return any("CONCURRENT" in found.group(0).upper()
                   for found in _IN_TRANSACTIONS.finditer(_strip_comments_and_strings(self.text)))

    @property
    def examples(self) -> dict[str, Any]:
        """The header's example value of each parameter."""
        return {p.name: p.example for p in self.parameters}

    def check_params(self, params: dict[str, Any]) -> None:
        """Refuse missing or unknown parameters before anything reaches the server."""
        documented = {p.name for p in self.parameters}
        missing = sorted(documented - params.keys())
        if missing:
            hint = ", ".join(f"{n}={json.dumps(self.examples[n])}" for n in missing)
            raise ModuleError(
                f"module '{self.name}' needs parameter(s) {', '.join(missing)}; "
                f"pass them with --param, for example: {hint}"
            )
        unknown = sorted(params.keys() - documented)
        if unknown:
            known = ", ".join(sorted(documented)) or "none"
            raise ModuleError(
                f"module '{self.name}' has no parameter(s) {', '.join(unknown)}; "
                f"its parameters: {known}"
            )


def _strip_comments_and_strings(text: str) -> str:
    def keep(match: re.Match[str]) -> str:
        return match.group(0) if match.group("param") else " "

    return _CYPHER_TOKENS.sub(keep, text)


def parameters_used(text: str) -> set[str]:
    """The ``$parameters`` a Cypher text uses, outside strings and comments."""
    return {m.group("param") for m in _CYPHER_TOKENS.finditer(text) if m.group("param")}


def parse_module(name: str, path: Path, source: str) -> Module:
    """Parse one module file; raise :class:`ModuleError` naming the file and line."""
    lines = source.splitlines()
    header: list[tuple[int, str]] = []
    for lineno, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        header.append((lineno, stripped[2:].strip()))
    body = "\n".join(lines[len(header):]).strip()

    def fail(lineno: int, message: str) -> ModuleError:
        return ModuleError(f"{path}:{lineno}: {message}")

    if not header or not header[0][1]:
        raise fail(1, "a module starts with a '//' header whose first line says what it computes")
    if not body:
        raise fail(len(lines) + 1, "the module has a header but no query")

    description: list[str] = []
    params: list[Parameter] = []
    returns: list[str] = []
    mode: str | None = None
    section = "description"
    params_declared = False
    for lineno, text in header:
        if text.startswith("Parameters:"):
            section, params_declared = "parameters", True
            rest = text[len("Parameters:"):].strip()
            if rest and rest.lower() != "none":
                raise fail(lineno, "write each parameter on its own line below 'Parameters:'")
            continue
        if text.startswith("Returns:"):
            section = "returns"
            returns.append(text[len("Returns:"):].strip())
            continue
        if text.startswith("Mode:"):
            mode = text[len("Mode:"):].strip().lower()
            if mode not in ("read", "write"):
                raise fail(lineno, f"Mode must be 'read' or 'write', not '{mode}'")
            section = "mode"
            continue
        if section == "description":
            description.append(text)
        elif section == "parameters":
            if not text:
                continue
            match = _PARAM_LINE.match(text)
            if not match:
                raise fail(
                    lineno,
                    "a parameter line reads '$name: what it is. Example: <JSON value>'",
                )
            try:
                example = json.loads(match["example"])
            except json.JSONDecodeError as exc:
                raise fail(lineno, f"the example of ${match['name']} is not JSON: {exc.msg}") from None
            params.append(Parameter(match["name"], match["doc"].rstrip(". "), example))
        elif section == "returns" and text:
            returns.append(text)

    if not params_declared:
        raise fail(header[-1][0], "the header needs a 'Parameters:' section ('Parameters: none' if it has none)")
    if not returns or not returns[0]:
        raise fail(header[-1][0], "the header needs a 'Returns:' line saying what the query returns")
    if mode is None:
        raise fail(header[-1][0], "the header needs a 'Mode: read' or 'Mode: write' line")

    documented = {p.name for p in params}
    used = parameters_used(body)
    if used - documented:
        raise fail(1, f"parameter(s) used but not documented in the header: {', '.join(sorted(used - documented))}")
    if documented - used:
        raise fail(1, f"parameter(s) documented but not used by the query: {', '.join(sorted(documented - used))}")
    writes = mode == "write"
    if not writes and _WRITE_CLAUSE.search(_strip_comments_and_strings(body)):
        raise fail(1, "the query writes (CREATE, MERGE, SET, DELETE, …) but its header says 'Mode: read'")

    summary_lines = [d for d in description if d]
    return Module(
        name=name,
        path=path,
        summary=summary_lines[0] if summary_lines else "",
        description="\n".join(description).strip(),
        parameters=tuple(params),
        returns=" ".join(r for r in returns if r),
        writes=writes,
        text=body,
    )


def default_root() -> Traversable:
    """The modules' folder: ``$NETNP_CYPHER_DIR``, or the package's own ``netnp/cypher/``."""
    override = os.environ.get("NETNP_CYPHER_DIR")
    if override:
        return Path(override)
    return resources.files("netnp") / "cypher"


def _module_files(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    """``(name, file)`` for every ``.cypher`` file below ``folder``, in name order."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            yield from _module_files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".cypher"):
            yield prefix + entry.name[: -len(".cypher")], entry


class ModuleLibrary:
    """All modules under one or more root folders, parsed and checked when loaded.

    A name found under two roots is refused, so that a benchmark's or a
    test's own modules cannot shadow netnp's.
    """

    def __init__(self, root: Traversable, *more_roots: Traversable):
        self.roots = (root, *more_roots)
        modules: dict[str, Module] = {}
        for folder in self.roots:
            if not folder.is_dir():
                raise ModuleError(f"the Cypher module folder {folder} does not exist; set NETNP_CYPHER_DIR")
            for name, file in _module_files(folder):
                if name in modules:
                    raise ModuleError(f"module '{name}' is defined twice: {modules[name].path} and {file}")
                modules[name] = parse_module(name, Path(str(file)), file.read_text(encoding="utf-8"))
        self._modules = dict(sorted(modules.items()))

    def __contains__(self, name: str) -> bool:
        return name in self._modules

    def __iter__(self):
        return iter(self._modules.values())

    def names(self, prefix: str = "") -> list[str]:
        return [n for n in self._modules if n.startswith(prefix)]

    def get(self, name: str) -> Module:
        """The module called ``name``; an unknown name gets a "did you mean" hint."""
        try:
            return self._modules[name]
        except KeyError:
            pass
        close = difflib.get_close_matches(name, list(self._modules), n=3, cutoff=0.5)
        if not close:
            tails = {n.rsplit("/", 1)[-1]: n for n in self._modules}
            close = [tails[t] for t in difflib.get_close_matches(name.rsplit("/", 1)[-1], list(tails), n=3)]
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise ModuleError(f"no Cypher module named '{name}'{hint} (netnp query --list shows them all)")


@cache
def library(*extra_roots: Traversable) -> ModuleLibrary:
    """netnp's module library, with the modules of ``extra_roots`` (a benchmark's
    own, say) beside them; loaded once per process."""
    return ModuleLibrary(default_root(), *extra_roots)
