// Ends one coreness round: netnp_tmp takes netnp_tmp_next; returns how many estimates changed.
//
// Parameters: none
//
// Returns: one row: changed.
// Mode: write
MATCH (n:NetnpAnalysed)
WITH n, n.netnp_tmp <> n.netnp_tmp_next AS changed
SET n.netnp_tmp = n.netnp_tmp_next
REMOVE n.netnp_tmp_next
RETURN sum(CASE WHEN changed THEN 1 ELSE 0 END) AS changed
