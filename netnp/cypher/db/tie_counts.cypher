// Tie (relationship) counts by type, most frequent first. The analysis's own
// view of the graph (types starting with NETNP_, such as NETNP_TIE) is not
// counted: those are not ties of the data.
//
// Parameters: none
//
// Returns: one row per relationship type in use: type, ties.
// Mode: read
CALL db.relationshipTypes() YIELD relationshipType AS type
CALL (type) {
  MATCH ()-[r:$(type)]->()
  RETURN count(r) AS ties
}
WITH type, ties WHERE ties > 0 AND NOT type STARTS WITH 'NETNP_'
RETURN type, ties
ORDER BY ties DESC, type
