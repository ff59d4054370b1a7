// Tie (relationship) counts by type, most frequent first.
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
WITH type, ties WHERE ties > 0
RETURN type, ties
ORDER BY ties DESC, type
