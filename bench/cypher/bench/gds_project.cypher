// Projects the analysed graph into GDS as analysis/gds/compute does, and nothing more, so that the
// benchmark can time each algorithm apart (bench/bench_engine_steps.py).
//
// Parameters:
//   $graph: the projection's name. Example: "netnp-bench"
//   $nodes: how many nodes the graph has. Example: 3
//   $source: each pair's first node. Example: [0, 1]
//   $target: each pair's second node. Example: [1, 2]
//   $weight: each pair's weight. Example: [1.0, 2.0]
//
// Returns: one row: nodes, relationships.
// Mode: write
CALL () {
  UNWIND range(0, $nodes - 1) AS i
  RETURN i AS source, null AS target, null AS type, null AS weight
  UNION ALL
  UNWIND range(0, size($source) - 1) AS p
  RETURN $source[p] AS source, $target[p] AS target, 'TIE' AS type, $weight[p] AS weight
}
WITH gds.graph.project($graph, source, target,
       {relationshipType: type, relationshipProperties: CASE WHEN target IS NULL THEN null ELSE {weight: weight} END},
       {undirectedRelationshipTypes: ['TIE']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
