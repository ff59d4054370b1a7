// How many analysed nodes have each degree, for the degree distribution and the concentration of ties.
// `weighted` counts the nodes whose strength (sum of tie weights) differs from their degree.
//
// Parameters: none
//
// Returns: one row per degree, smallest first: degree, nodes, weighted.
// Mode: read
MATCH (n:NetnpAnalysed)
WITH coalesce(n.netnp_degree, 0) AS degree, coalesce(n.netnp_strength, 0.0) AS strength
RETURN degree, count(*) AS nodes, count(CASE WHEN abs(strength - degree) > 1e-9 THEN 1 END) AS weighted
ORDER BY degree
