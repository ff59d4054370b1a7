// Ends pure-Cypher k-core decomposition: the converged estimate becomes netnp_coreness.
//
// Parameters: none
//
// Returns: one row: degeneracy (the largest coreness).
// Mode: write
MATCH (n:NetnpAnalysed)
SET n.netnp_coreness = n.netnp_tmp
REMOVE n.netnp_tmp
RETURN max(n.netnp_coreness) AS degeneracy
