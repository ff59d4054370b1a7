// Marks bridges (Tarjan 1974) with GDS: NETNP_TIE whose removal splits their component; netnp_bridge true.
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $concurrency: threads GDS uses: the server's processors, at most 4 on GDS Community (netnp asks gds/available_cpus). Example: 2
//
// Returns: one row: bridges.
// Mode: write
CALL gds.bridges.stream($graph, {concurrency: $concurrency, relationshipTypes: ['NETNP_TIE']})
YIELD from, to
WITH gds.util.asNode(from) AS a, gds.util.asNode(to) AS b
MATCH (a)-[t:NETNP_TIE]-(b)
SET t.netnp_bridge = true
RETURN count(t) AS bridges
