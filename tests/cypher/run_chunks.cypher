// The chunks a run kept, of one part, in order: their arrays, as maps.
//
// Parameters:
//   $run: the run id. Example: "run-2026-11-25T10:00:00Z-ab12"
//   $part: nodes, pairs, communities or roles. Example: "nodes"
//
// Returns: one row per chunk: chunk (its properties).
// Mode: read
MATCH (c:NetnpRunChunk {run: $run, part: $part})
RETURN properties(c) AS chunk
ORDER BY c.role, c.index
