// The ids of the bridging periphery: analysed nodes that are both Periphery and Bridge, by PageRank then degree, descending.
//
// Parameters: none
//
// Returns: one row per node: id.
// Mode: read
MATCH (n:Periphery&Bridge&NetnpAnalysed)
RETURN n.id AS id
ORDER BY n.netnp_pagerank DESC, n.netnp_degree DESC, n.id
