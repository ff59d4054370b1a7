// The degree of every analysed node, for the concentration and degree distribution of the summary.
//
// Parameters: none
//
// Returns: one row per node: degree, strength.
// Mode: read
MATCH (n:NetnpAnalysed)
RETURN coalesce(n.netnp_degree, 0) AS degree, coalesce(n.netnp_strength, 0.0) AS strength
