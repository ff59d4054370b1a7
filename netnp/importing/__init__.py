"""``netnp import``: bring a network into Neo4j from CSV, GraphML, GEXF or node-link JSON.

The importer is :mod:`netnp.importing.importer` (:func:`import_files`); the
readers and checks it uses are modules of their own (``csvfile``, ``xmlgraph``,
``jsonfile``, ``validate``, ``spool``, ``parallel``). Its names are loaded
here only when asked for, so that a process checking part of a file
(:mod:`netnp.importing.parallel`) starts quickly, without loading the driver.
"""

from __future__ import annotations

from typing import Any

#: The importer's names, loaded from :mod:`netnp.importing.importer` on first use.
_IMPORTER_NAMES = ("GRAPH_FORMATS", "ImportRejected", "ImportReport", "Problem", "Progress", "detect_format",
                   "import_files", "write_rejects")

__all__ = list(_IMPORTER_NAMES)


def __getattr__(name: str) -> Any:
    if name in _IMPORTER_NAMES:
        from netnp.importing import importer

        return getattr(importer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
