// Scales raw betweenness (shortest paths counted over ordered pairs) to networkx's normalised betweenness.
// Undirected ties: B / ((n - 1)(n - 2)) for raw counts over ordered pairs (Freeman 1977), which
// equals networkx's normalised value; $factor also scales up sampled estimates (n / sources).
//
// Parameters:
//   $factor: multiplier applied to the raw value. Example: 0.001
//
// Returns: one row: nodes.
// Mode: write
MATCH (n:NetnpAnalysed)
SET n.netnp_betweenness = coalesce(n.netnp_betweenness, 0.0) * $factor
RETURN count(n) AS nodes
