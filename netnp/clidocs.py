"""Write docs/cli.md from the commands' own help, so the docs cannot drift.

Run ``python -m netnp.clidocs > docs/cli.md`` after changing a command; a test
checks that the file is up to date and that every help text has an example.
"""

from __future__ import annotations

from collections.abc import Iterator

import typer

from netnp.cli import app

WIDTH = 100


def commands() -> Iterator[tuple[str, object, object]]:
    """Every command as (full name, command, context), depth first, in order."""
    root = typer.main.get_command(app)

    def walk(command, name: str, parent):
        ctx = type(parent)(command, info_name=name.rsplit(" ", 1)[-1], parent=parent,
                           max_content_width=WIDTH, terminal_width=WIDTH) if parent else None
        yield name, command, ctx
        for sub_name in getattr(command, "commands", {}) or {}:
            yield from walk(command.commands[sub_name], f"{name} {sub_name}", ctx)

    root_ctx = root.make_context("netnp", [], resilient_parsing=True, max_content_width=WIDTH, terminal_width=WIDTH)
    yield "netnp", root, root_ctx
    for sub_name in root.commands:
        yield from walk(root.commands[sub_name], f"netnp {sub_name}", root_ctx)


def render() -> str:
    parts = ["# Command reference", "",
             "Generated from the commands' `--help` by `python -m netnp.clidocs > docs/cli.md`; do not edit by hand.", ""]
    for name, command, ctx in commands():
        parts += [f"## `{name}`", "", "```text", command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
