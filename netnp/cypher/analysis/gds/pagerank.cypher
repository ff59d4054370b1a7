// Writes PageRank (Brin & Page 1998) with GDS, weighted by tie weight, as netnp_pagerank, scaled to sum 1
// as networkx's (GDS's L1Norm scaler divides each score by their sum).
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $relationship_type: NETNP_TIE (undirected) or NETNP_ARC (directed). Example: "NETNP_TIE"
//   $damping: damping factor. Example: 0.85
//   $max_iterations: most iterations. Example: 100
//   $tolerance: stop when scores change less than this. Example: 1e-10
//   $concurrency: threads GDS uses: the server's processors, at most 4 on GDS Community (netnp asks gds/available_cpus). Example: 2
//
// Returns: one row: iterations, converged.
// Mode: write
CALL gds.pageRank.write($graph, {concurrency: $concurrency, relationshipTypes: [$relationship_type], relationshipWeightProperty: 'weight',
                                 dampingFactor: $damping, maxIterations: $max_iterations, tolerance: $tolerance,
                                 scaler: 'L1Norm', writeProperty: 'netnp_pagerank'})
YIELD ranIterations, didConverge
RETURN ranIterations AS iterations, didConverge AS converged
