// The chunks of runs that have no NetnpRun record (the debris of interrupted runs), per run and part.
//
// Parameters: none
//
// Returns: one row per run and part: run, part, chunks.
// Mode: read
MATCH (c:NetnpRunChunk)
WHERE NOT EXISTS { MATCH (:NetnpRun {id: c.run}) }
RETURN c.run AS run, c.part AS part, count(*) AS chunks
ORDER BY run, part
