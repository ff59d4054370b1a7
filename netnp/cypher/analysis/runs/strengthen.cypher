// The focal node's weak ties worth strengthening in a run: ties that span two clusters or are local bridges, weakest first.
// With $web false, only its ties to people and organisations; with $web true, only its ties to web pages.
// Reads the pairs that the run kept (its NetnpRunChunk nodes of part 'pairs'); the caller
// checks that the focus was in the run's scope.
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//   $focus: id of the focal node. Example: "org:asso"
//   $limit: most ties to return. Example: 10
//   $web: whether to list the ties to web pages instead of the others. Example: false
//
// Returns: one row per tie: source, target, source_name, target_name, type, weight, overlap, spans_clusters, local_bridge.
// Mode: read
MATCH (f:Entity {id: $focus})
MATCH (c:NetnpRunChunk {run: $run, part: 'pairs'})
WHERE c.overlap IS NOT NULL
UNWIND [i IN range(0, size(c.source) - 1) WHERE (c.source[i] = $focus OR c.target[i] = $focus) AND c.web[i] = $web] AS i
WITH f, c, i, CASE WHEN c.source[i] = $focus THEN c.target[i] ELSE c.source[i] END AS other
WHERE coalesce(c.spans_clusters[i], false) OR c.local_bridge[i]
MATCH (o:Entity {id: other})
RETURN f.id AS source, o.id AS target, f.name AS source_name, o.name AS target_name, c.types[i] AS type,
       c.weight[i] AS weight, c.overlap[i] AS overlap, c.spans_clusters[i] AS spans_clusters,
       c.local_bridge[i] AS local_bridge
ORDER BY overlap, weight, target
LIMIT $limit
