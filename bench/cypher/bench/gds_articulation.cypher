// Articulation points (mutate), on a projection made by bench/gds_project, for bench/bench_engine_steps.py
// (with the configuration of analysis/gds/compute).
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-bench"
//   $concurrency: threads. Example: 2
//
// Returns: one row: result.
// Mode: write
CALL gds.articulationPoints.mutate($graph, {concurrency: $concurrency, relationshipTypes: ['TIE'],
                                            mutateProperty: 'articulation'})
YIELD articulationPointCount
RETURN articulationPointCount AS result
