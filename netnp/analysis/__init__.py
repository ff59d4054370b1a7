"""Network analysis of the association's graph: hubs, cores, clusters, bridging periphery, weak ties, recommendations.

The graph is read and written through the Cypher modules under
``netnp/cypher/analysis/``; the graph algorithms run in GDS or, without it, in
this process with python-igraph, and the measures of the pairs in this process.

* :func:`run_analysis` computes one analysis (or ``"all"``) on a scope of the
  graph and writes the results back onto the graph (``netnp_`` properties,
  role labels) and as a kept run (``NetnpRun`` and its chunks);
* :func:`results` reads them back as the results document described in
  ``docs/analysis-results.md``;
* :func:`browser_style` returns the Neo4j Browser style (GraSS) of the roles.

See ``docs/analysis.md`` for the measures, rules and property namespace.
"""

from netnp.analysis.engine import ANALYSES, run_analysis
from netnp.analysis.read import results
from netnp.analysis.scope import Scope
from netnp.analysis.style import browser_style

__all__ = ["ANALYSES", "Scope", "browser_style", "results", "run_analysis"]
