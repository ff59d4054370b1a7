// The weakest ties of a run: lowest neighbourhood overlap first, then lowest weight.
// With $web false, only ties between people and organisations, which staff can act on;
// with $web true, only ties with a web page at one end (links, publications, mentions).
// Reads the pairs that the run kept (its NetnpRunChunk nodes of part 'pairs'): one row
// per pair of analysed nodes, whatever the number of user ties between them, with
// their types joined by '|'. Pairs are sorted before their names are read.
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//   $limit: most ties to return. Example: 100
//   $web: whether to list the ties with a web page at one end instead of the others. Example: false
//
// Returns: one row per tie: source, target, source_name, target_name, type, overlap, weight, local_bridge, bridge, spans_clusters.
// Mode: read
MATCH (c:NetnpRunChunk {run: $run, part: 'pairs'})
WHERE c.overlap IS NOT NULL
UNWIND [i IN range(0, size(c.source) - 1) WHERE c.web[i] = $web] AS i
WITH c, i ORDER BY c.overlap[i], c.weight[i], c.source[i], c.target[i]
LIMIT $limit
OPTIONAL MATCH (a:Entity {id: c.source[i]})
OPTIONAL MATCH (b:Entity {id: c.target[i]})
RETURN c.source[i] AS source, c.target[i] AS target, a.name AS source_name, b.name AS target_name,
       c.types[i] AS type, c.overlap[i] AS overlap, c.weight[i] AS weight, c.local_bridge[i] AS local_bridge,
       coalesce(c.bridge[i], false) AS bridge, c.spans_clusters[i] AS spans_clusters
ORDER BY overlap, weight, source, target
