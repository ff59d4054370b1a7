// Starts pure-Cypher community detection: each node is alone in its community (numbered by id order).
//
// Parameters: none
//
// Returns: one row: nodes.
// Mode: write
MATCH (n:NetnpAnalysed)
WITH n ORDER BY n.id
WITH collect(n) AS nodes
UNWIND range(0, size(nodes) - 1) AS index
WITH nodes[index] AS n, index
SET n.netnp_community = index
RETURN count(n) AS nodes
