// Schema 5: each kept analysis run is a NetnpRun node with a unique `id` (docs/analysis-results.md, "Runs").
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
CREATE CONSTRAINT netnp_run_id_unique IF NOT EXISTS
FOR (r:NetnpRun) REQUIRE r.id IS UNIQUE
