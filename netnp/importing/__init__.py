"""``netnp import``: bring a network into Neo4j from CSV, GraphML, GEXF or node-link JSON.

The importer is :mod:`netnp.importing.importer` (:func:`~netnp.importing.importer.import_files`);
the readers and checks it uses are modules of their own (``csvfile``,
``xmlgraph``, ``jsonfile``, ``validate``, ``spool``, ``parallel``). This file
imports none of them, so that a process checking part of a file
(:mod:`netnp.importing.parallel`) loads neither the importer nor the driver.
"""
