// Writes PageRank (Brin & Page 1998) with GDS, weighted by tie weight, as netnp_pagerank (scaled to sum 1 afterwards).
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $relationship_type: NETNP_TIE (undirected) or NETNP_ARC (directed). Example: "NETNP_TIE"
//   $damping: damping factor. Example: 0.85
//   $max_iterations: most iterations. Example: 100
//   $tolerance: stop when scores change less than this. Example: 1e-10
//
// Returns: one row: iterations, converged.
// Mode: write
CALL gds.pageRank.write($graph, {relationshipTypes: [$relationship_type], relationshipWeightProperty: 'weight',
                                 dampingFactor: $damping, maxIterations: $max_iterations, tolerance: $tolerance,
                                 writeProperty: 'netnp_pagerank'})
YIELD ranIterations, didConverge
RETURN ranIterations AS iterations, didConverge AS converged
