// The analysed nodes that a role rule picks: the $limit highest by $measure among the $kinds, ties broken by id.
// With $brokers, only brokers count: nodes with ties into two clusters or more
// (participation > 0) and a measure above 0. With $coreness_max, only the nodes of
// coreness at most that (the periphery) count. netnp/analysis/roles.py decides $limit.
//
// Parameters:
//   $kinds: the node kinds that may get the role. Example: ["Person", "Organization"]
//   $measure: the measure that ranks the nodes: "pagerank" or "betweenness". Example: "betweenness"
//   $limit: how many nodes to return. Example: 20
//   $brokers: whether only brokers count. Example: true
//   $coreness_max: the greatest coreness of a node that counts, or null for any. Example: 3
//
// Returns: one row per node, best first: id.
// Mode: read
MATCH (n:NetnpAnalysed)
WITH n, CASE $measure WHEN 'pagerank' THEN n.netnp_pagerank WHEN 'betweenness' THEN n.netnp_betweenness END AS value
WHERE value IS NOT NULL AND any(kind IN $kinds WHERE kind IN labels(n))
  AND (NOT $brokers OR (value > 0 AND n.netnp_participation > 0))
  AND ($coreness_max IS NULL OR n.netnp_coreness <= $coreness_max)
RETURN n.id AS id
ORDER BY value DESC, n.id
LIMIT $limit
