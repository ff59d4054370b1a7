"""``netnp identities list``: every id, alias and source that one node stands for."""

from __future__ import annotations

from typing import Any

from netnp.errors import InputError
from netnp.lookup import unknown_id_message
from netnp.runner import Runner


def identity(runner: Runner, ref: str) -> list[dict[str, Any]]:
    """The node whose id or alias is ``ref``: its id, kind, name, aliases, its own provenance
    and the provenance of its ties. Usually one; two when an import brought back a node
    under an id that another node keeps as an alias.

    Raises :class:`InputError` with "did you mean" when no node has this id or alias.
    """
    rows = runner.read("identities/identity", id=ref)
    if not rows:
        raise InputError(unknown_id_message("ID", ref, runner))
    for row in rows:
        sources = {}
        for where in [{"source": row["source"], "import_id": row["import_id"], "imported_at": row["imported_at"]}] + \
                row["tie_sources"]:
            if where["source"] is None and where["import_id"] is None:
                continue
            sources.setdefault((where["source"], where["import_id"]), where)
        row["sources"] = sorted(sources.values(), key=lambda s: (s["imported_at"] or "", s["source"] or ""))
    return rows
