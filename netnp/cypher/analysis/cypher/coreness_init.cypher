// Starts pure-Cypher k-core decomposition: each node's estimate (netnp_tmp) is its degree.
//
// Parameters: none
//
// Returns: one row: nodes.
// Mode: write
MATCH (n:NetnpAnalysed)
SET n.netnp_tmp = COUNT { (n)-[:NETNP_TIE]-() }
RETURN count(n) AS nodes
