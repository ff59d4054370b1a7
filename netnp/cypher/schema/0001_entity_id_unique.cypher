// Schema 1: every node netnp imports carries the label Entity, whose `id`
// (the external identifier; a web page's normalised URL) is unique.
// The constraint also indexes `id`, so imports MERGE on it in O(log n).
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
CREATE CONSTRAINT entity_id_unique IF NOT EXISTS
FOR (n:Entity) REQUIRE n.id IS UNIQUE
