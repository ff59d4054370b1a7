// Starts pure-Cypher PageRank: every analysed node gets netnp_pagerank = 1/N.
//
// Parameters: none
//
// Returns: one row: nodes.
// Mode: write
MATCH (n:NetnpAnalysed)
WITH collect(n) AS nodes
FOREACH (n IN nodes | SET n.netnp_pagerank = 1.0 / size(nodes))
RETURN size(nodes) AS nodes
