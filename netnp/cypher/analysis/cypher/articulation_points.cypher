// Marks articulation points in pure Cypher: a node is one when two of its neighbours have no path avoiding it.
// Compares the first neighbour with each other neighbour by a shortest-path search
// that avoids the node; netnp_articulation true or false.
//
// Parameters: none
//
// Returns: one row: articulation_points.
// Mode: write
MATCH (v:NetnpAnalysed)
CALL (v) {
  OPTIONAL MATCH (v)-[:NETNP_TIE]-(u)
  WITH v, collect(u) AS neighbours
  WITH v, neighbours[0] AS first, neighbours[1..] AS others
  UNWIND (CASE WHEN size(others) = 0 THEN [null] ELSE others END) AS other
  OPTIONAL MATCH p = shortestPath((first)-[:NETNP_TIE*]-(other))
  WHERE all(x IN nodes(p) WHERE x <> v)
  RETURN other IS NOT NULL AND p IS NULL AS cut
}
WITH v, coalesce(max(cut), false) AS cut
SET v.netnp_articulation = cut
RETURN sum(CASE WHEN cut THEN 1 ELSE 0 END) AS articulation_points
