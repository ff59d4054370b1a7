// How many chunks a run kept of each part, and how many entries they hold (nodes, pairs, communities, role members).
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//
// Returns: one row per part: part, chunks, entries.
// Mode: read
MATCH (c:NetnpRunChunk {run: $run})
RETURN c.part AS part, count(*) AS chunks, sum(size(coalesce(c.id, c.source, c.community, []))) AS entries
ORDER BY part
