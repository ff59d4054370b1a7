// Ends one pure-Cypher PageRank iteration: moves netnp_tmp into netnp_pagerank and returns the L1 change.
//
// Parameters: none
//
// Returns: one row: change (sum of absolute changes).
// Mode: write
MATCH (n:NetnpAnalysed)
WITH n, abs(n.netnp_tmp - n.netnp_pagerank) AS change
SET n.netnp_pagerank = n.netnp_tmp
REMOVE n.netnp_tmp
RETURN coalesce(sum(change), 0.0) AS change
