// The role chunks of one run: the ids of the members of each role (Hub, Core, Periphery, Bridge).
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//
// Returns: one row per chunk: role, id (list of netnp ids).
// Mode: read
MATCH (c:NetnpRunChunk {run: $run, part: 'roles'})
RETURN c.role AS role, c.id AS id
ORDER BY role, c.index
