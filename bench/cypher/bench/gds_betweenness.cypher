// Betweenness centrality (mutate), on a projection made by bench/gds_project, for bench/bench_engine_steps.py
// (with the configuration of analysis/gds/compute).
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-bench"
//   $concurrency: threads. Example: 2
//   $sampling_size: source nodes. Example: 3
//
// Returns: one row: result.
// Mode: write
CALL gds.betweenness.mutate($graph, {concurrency: $concurrency, relationshipTypes: ['TIE'],
                                     samplingSize: $sampling_size, samplingSeed: 42, mutateProperty: 'betweenness'})
YIELD nodePropertiesWritten
RETURN nodePropertiesWritten AS result
