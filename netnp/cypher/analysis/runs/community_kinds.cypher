// How many nodes of each kind each community of a run holds (nodes that left the graph since are not counted).
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//
// Returns: one row per community and kind: community, kind, nodes.
// Mode: read
MATCH (c:NetnpRunChunk {run: $run, part: 'nodes'})
WHERE c.community IS NOT NULL
UNWIND range(0, size(c.id) - 1) AS i
MATCH (n:Entity {id: c.id[i]})
WITH c.community[i] AS community, [k IN labels(n) WHERE k IN ['Person', 'Organization', 'WebPage']][0] AS kind
RETURN community, kind, count(*) AS nodes
ORDER BY community, kind
