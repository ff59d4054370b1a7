// The weakest ties of the analysed view: lowest neighbourhood overlap first, then lowest weight.
// With $web false, only ties between people and organisations, which staff can act on;
// with $web true, only ties with a web page at one end (links, publications, mentions).
// The ties are sorted before their names and types are read, so only the listed ones are.
//
// Parameters:
//   $limit: most ties to return. Example: 100
//   $web: whether to list the ties with a web page at one end instead of the others. Example: false
//
// Returns: one row per tie: source, target, source_name, target_name, type, overlap, weight, local_bridge, bridge, spans_clusters.
// Mode: read
MATCH (a:NetnpAnalysed)-[t:NETNP_TIE]->(b:NetnpAnalysed)
WHERE t.netnp_overlap IS NOT NULL AND (a:WebPage OR b:WebPage) = $web
WITH a, b, t ORDER BY t.netnp_overlap, t.weight, a.id, b.id
LIMIT $limit
RETURN a.id AS source, b.id AS target, a.name AS source_name, b.name AS target_name,
       reduce(s = '', x IN t.types | s + CASE WHEN s = '' THEN '' ELSE '|' END + x) AS type,
       t.netnp_overlap AS overlap, t.weight AS weight, t.netnp_local_bridge AS local_bridge,
       coalesce(t.netnp_bridge, false) AS bridge, t.netnp_spans_clusters AS spans_clusters
ORDER BY overlap, weight, source, target
