// Raw betweenness in pure Cypher, from all shortest paths (Freeman 1977), as netnp_betweenness.
// With $sources null, every unordered pair of nodes in the same component is
// enumerated once (exact, for small graphs); otherwise ordered pairs from the
// listed source ids only (a sample, scaled afterwards). Each pair adds, to every
// inner node of its shortest paths, the share of those paths through the node.
//
// Parameters:
//   $sources: ids of sampled source nodes, or null for all pairs. Example: ["p:1", "p:2"]
//
// Returns: one row: nodes (with a non-zero value).
// Mode: write
MATCH (s:NetnpAnalysed)
WHERE $sources IS NULL OR s.id IN $sources
MATCH (t:NetnpAnalysed)
WHERE t <> s AND t.netnp_component = s.netnp_component AND ($sources IS NOT NULL OR s.id < t.id)
MATCH p = allShortestPaths((s)-[:NETNP_TIE*]-(t))
WITH s, t, collect(nodes(p)) AS paths
WITH s, t, paths, size(paths) AS total
UNWIND paths AS path
UNWIND path[1..-1] AS v
WITH s, t, v, total, count(*) AS through
WITH v, sum(toFloat(through) / total) AS raw
SET v.netnp_betweenness = raw
RETURN count(v) AS nodes
