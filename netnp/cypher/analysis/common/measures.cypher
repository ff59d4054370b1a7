// The measures of every analysed node that the role thresholds are computed from.
//
// Parameters: none
//
// Returns: one row per node: degree, pagerank, coreness, betweenness.
// Mode: read
MATCH (n:NetnpAnalysed)
RETURN n.netnp_degree AS degree, n.netnp_pagerank AS pagerank, n.netnp_coreness AS coreness,
       n.netnp_betweenness AS betweenness
