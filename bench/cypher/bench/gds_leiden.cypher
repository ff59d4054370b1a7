// Leiden communities (mutate), on a projection made by bench/gds_project, for bench/bench_engine_steps.py
// (with the configuration of analysis/gds/compute).
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-bench"
//   $concurrency: threads. Example: 2
//
// Returns: one row: result.
// Mode: write
CALL gds.leiden.mutate($graph, {concurrency: $concurrency, relationshipTypes: ['TIE'], relationshipWeightProperty: 'weight',
                                mutateProperty: 'community', maxLevels: 10, gamma: 1.0, theta: 0.01,
                                tolerance: 0.0001, randomSeed: 42})
YIELD communityCount
RETURN communityCount AS result
