// Marks articulation points (Tarjan 1974) with GDS: nodes whose removal splits their component; netnp_articulation true or false.
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-analysis"
//   $concurrency: threads GDS uses: the server's processors, at most 4 on GDS Community (netnp asks gds/available_cpus). Example: 2
//
// Returns: one row: articulation_points.
// Mode: write
CALL gds.articulationPoints.stream($graph, {concurrency: $concurrency, relationshipTypes: ['NETNP_TIE']})
YIELD nodeId
WITH collect(gds.util.asNode(nodeId)) AS points
CALL () {
  MATCH (n:NetnpAnalysed) SET n.netnp_articulation = false
}
FOREACH (n IN points | SET n.netnp_articulation = true)
RETURN size(points) AS articulation_points
