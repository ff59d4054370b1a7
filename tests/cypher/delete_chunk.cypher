// Deletes one chunk of a run, as a damaged graph would have lost it.
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//   $part: the chunk's part. Example: "pairs"
//
// Returns: one row: chunks (deleted).
// Mode: write
MATCH (c:NetnpRunChunk {run: $run, part: $part})
WITH c ORDER BY c.index LIMIT 1
DELETE c
RETURN count(*) AS chunks
