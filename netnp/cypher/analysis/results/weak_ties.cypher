// The weakest ties of the analysed view: lowest neighbourhood overlap first, then lowest weight.
// The ties are sorted before their names and types are read, so only the listed ones are.
//
// Parameters:
//   $limit: most ties to return. Example: 100
//
// Returns: one row per tie: source, target, source_name, target_name, type, overlap, weight, local_bridge, bridge, spans_clusters.
// Mode: read
MATCH (a:NetnpAnalysed)-[t:NETNP_TIE]->(b:NetnpAnalysed)
WHERE t.netnp_overlap IS NOT NULL
WITH a, b, t ORDER BY t.netnp_overlap, t.weight, a.id, b.id
LIMIT $limit
RETURN a.id AS source, b.id AS target, a.name AS source_name, b.name AS target_name,
       reduce(s = '', x IN t.types | s + CASE WHEN s = '' THEN '' ELSE '|' END + x) AS type,
       t.netnp_overlap AS overlap, t.weight AS weight, t.netnp_local_bridge AS local_bridge,
       coalesce(t.netnp_bridge, false) AS bridge, t.netnp_spans_clusters AS spans_clusters
ORDER BY overlap, weight, source, target
