// Counts the relationships whose type starts with NETNP_: an analysis must leave none in the user's graph.
//
// Parameters: none
//
// Returns: one row: relationships.
// Mode: read
MATCH ()-[r]->()
WHERE type(r) STARTS WITH 'NETNP_'
RETURN count(r) AS relationships
