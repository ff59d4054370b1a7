// The mark of each Turnstile node (null when none).
//
// Parameters: none
//
// Returns: one row per node: id, mark.
// Mode: read
MATCH (n:Turnstile)
RETURN n.id AS id, n.mark AS mark
ORDER BY id
