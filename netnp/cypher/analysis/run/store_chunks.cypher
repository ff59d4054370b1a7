// Stores chunks of a run's results: NetnpRunChunk nodes of parallel arrays (docs/analysis-results.md, "Runs").
// Used for the part of a run that no other write carries: its communities, with the ties inside, out and between them.
//
// Parameters:
//   $chunks: the chunks, each a map with run, part, index and its arrays. Example: [{"run": "run-2026-11-25T10:00:00Z-ab12", "part": "communities", "index": 0, "community": [0, 1], "size": [20, 14], "internal_ties": [40, 25], "external_ties": [10, 10], "neighbours": ["1:10", "0:10"]}]
//
// Returns: one row: chunks.
// Mode: write
UNWIND $chunks AS chunk
CREATE (c:NetnpRunChunk)
SET c = chunk
RETURN count(c) AS chunks
