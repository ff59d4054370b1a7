// Scales PageRank so that the scores of all analysed nodes sum to 1 (as in Brin & Page 1998 and networkx).
//
// Parameters: none
//
// Returns: one row: total (the sum before scaling).
// Mode: write
MATCH (n:NetnpAnalysed)
WITH sum(n.netnp_pagerank) AS total, collect(n) AS nodes
FOREACH (n IN CASE WHEN total > 0 THEN nodes ELSE [] END | SET n.netnp_pagerank = n.netnp_pagerank / total)
RETURN total
