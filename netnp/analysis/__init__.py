"""Network analysis of the association's graph: hubs, cores, clusters, bridging periphery, weak ties, recommendations.

Every computation is a Cypher module under ``netnp/cypher/analysis/``; this package
only decides which modules run, in what order, with which thresholds.

* :func:`run_analysis` computes one analysis (or ``"all"``) on a scope of the
  graph, with GDS when the server has it or forced, else in pure Cypher, and
  writes the results back onto the graph (``netnp_`` properties, role labels,
  a run record);
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
