// The focal node's weak ties worth strengthening: ties that span two clusters or are local bridges, weakest first.
// With $web false, only its ties to people and organisations; with $web true, only its ties to web pages.
//
// Parameters:
//   $focus: id of the focal node. Example: "org:asso"
//   $limit: most ties to return. Example: 10
//   $web: whether to list the ties to web pages instead of the others. Example: false
//
// Returns: one row per tie: source, target, source_name, target_name, type, weight, overlap, spans_clusters, local_bridge.
// Mode: read
MATCH (f:Entity {id: $focus})-[t:NETNP_TIE]-(o:NetnpAnalysed)
WHERE f:NetnpAnalysed AND (coalesce(t.netnp_spans_clusters, false) OR coalesce(t.netnp_local_bridge, false))
  AND (f:WebPage OR o:WebPage) = $web
RETURN f.id AS source, o.id AS target, f.name AS source_name, o.name AS target_name,
       reduce(s = '', x IN t.types | s + CASE WHEN s = '' THEN '' ELSE '|' END + x) AS type, t.weight AS weight,
       t.netnp_overlap AS overlap, t.netnp_spans_clusters AS spans_clusters, t.netnp_local_bridge AS local_bridge
ORDER BY overlap, weight, target
LIMIT $limit
