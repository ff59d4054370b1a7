// Removes the mark of every Turnstile node.
//
// Parameters: none
//
// Returns: one row: cleared (nodes).
// Mode: write
MATCH (n:Turnstile)
REMOVE n.mark
RETURN count(n) AS cleared
