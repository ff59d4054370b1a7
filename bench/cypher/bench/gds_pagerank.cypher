// PageRank (mutate), on a projection made by bench/gds_project, for bench/bench_engine_steps.py
// (with the configuration of analysis/gds/compute).
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-bench"
//   $concurrency: threads. Example: 2
//
// Returns: one row: result.
// Mode: write
CALL gds.pageRank.mutate($graph, {concurrency: $concurrency, relationshipTypes: ['TIE'], relationshipWeightProperty: 'weight',
                                  dampingFactor: 0.85, maxIterations: 100, tolerance: 1e-10, scaler: 'L1Norm',
                                  mutateProperty: 'pagerank'})
YIELD ranIterations
RETURN ranIterations AS result
