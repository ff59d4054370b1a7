// Size of the analysed view: scoped nodes, NETNP_TIE pairs and NETNP_ARC arcs.
//
// Parameters: none
//
// Returns: one row: nodes, pairs, arcs.
// Mode: read
CALL () { MATCH (n:NetnpAnalysed) RETURN count(n) AS nodes }
CALL () { MATCH (:NetnpAnalysed)-[t:NETNP_TIE]->(:NetnpAnalysed) RETURN count(t) AS pairs }
CALL () { MATCH (:NetnpAnalysed)-[a:NETNP_ARC]->(:NetnpAnalysed) RETURN count(a) AS arcs }
RETURN nodes, pairs, arcs
