// Starts pure-Cypher connected components: each node's label (netnp_component) is its own id.
//
// Parameters: none
//
// Returns: one row: nodes.
// Mode: write
MATCH (n:NetnpAnalysed)
SET n.netnp_component = n.id
RETURN count(n) AS nodes
