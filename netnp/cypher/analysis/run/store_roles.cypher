// Stores the role labels of a run, read from the analysed nodes once the roles are set, as NetnpRunChunk nodes.
// One chunk per role and per $chunk_size members: {run, part: 'roles', role, index, id: [netnp ids]}.
//
// Parameters:
//   $run: the run id. Example: "run-2026-11-25T10:00:00Z-ab12"
//   $chunk_size: most ids in one chunk. Example: 10000
//
// Returns: one row: chunks.
// Mode: write
MATCH (n:NetnpAnalysed)
UNWIND coalesce(n.netnp_roles, []) AS role
WITH role, collect(n.id) AS ids
UNWIND range(0, size(ids) - 1, $chunk_size) AS start
CREATE (c:NetnpRunChunk {run: $run, part: 'roles', role: role, index: start / $chunk_size,
                         id: ids[start..start + $chunk_size]})
RETURN count(c) AS chunks
