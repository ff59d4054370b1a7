// One power iteration of weighted PageRank in pure Cypher (Brin & Page 1998), into netnp_tmp.
// x'(n) = (1-d)/N + d * (sum over ties m->n of x(m) w(m,n)/s(m) + D/N), where s(m) is
// m's outgoing weight and D the score held by nodes without outgoing ties (spread
// uniformly, as networkx does). Undirected analyses use NETNP_TIE both ways;
// directed ones follow NETNP_ARC.
//
// Parameters:
//   $directed: follow NETNP_ARC directions instead of undirected NETNP_TIE. Example: false
//   $damping: damping factor d. Example: 0.85
//
// Returns: one row: nodes.
// Mode: write
MATCH (every:NetnpAnalysed)
WITH count(every) AS total
CALL () {
  MATCH (m:NetnpAnalysed)
  WHERE CASE WHEN $directed THEN NOT EXISTS { (m)-[:NETNP_ARC]->() } ELSE NOT EXISTS { (m)-[:NETNP_TIE]-() } END
  RETURN coalesce(sum(m.netnp_pagerank), 0.0) AS dangling
}
MATCH (n:NetnpAnalysed)
CALL (n) {
  OPTIONAL MATCH (m)-[t:NETNP_TIE]-(n) WHERE NOT $directed
  RETURN coalesce(sum(m.netnp_pagerank * t.weight / m.netnp_strength), 0.0) AS undirected_in
}
CALL (n) {
  OPTIONAL MATCH (m)-[t:NETNP_ARC]->(n) WHERE $directed
  WITH m, t, CASE WHEN m IS NULL THEN null ELSE COUNT { (m)-[:NETNP_ARC]->() } END AS present,
       CASE WHEN m IS NULL THEN null ELSE reduce(s = 0.0, w IN [(m)-[a:NETNP_ARC]->() | a.weight] | s + w) END AS out
  RETURN coalesce(sum(m.netnp_pagerank * t.weight / out), 0.0) AS directed_in
}
SET n.netnp_tmp = (1.0 - $damping) / total + $damping * (undirected_in + directed_in + dangling / total)
RETURN count(n) AS nodes
