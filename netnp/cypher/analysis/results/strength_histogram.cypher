// How many analysed nodes have each strength (sum of tie weights), for the concentration of activity.
//
// Parameters: none
//
// Returns: one row per strength, smallest first: strength, nodes.
// Mode: read
MATCH (n:NetnpAnalysed)
RETURN coalesce(n.netnp_strength, 0.0) AS strength, count(*) AS nodes
ORDER BY strength
