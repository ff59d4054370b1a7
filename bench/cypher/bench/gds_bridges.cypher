// Bridges (stream, collected), on a projection made by bench/gds_project, for bench/bench_engine_steps.py
// (with the configuration of analysis/gds/compute).
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-bench"
//   $concurrency: threads. Example: 2
//
// Returns: one row: result.
// Mode: write
CALL gds.bridges.stream($graph, {concurrency: $concurrency, relationshipTypes: ['TIE']})
YIELD from, to
RETURN count(*) AS result
