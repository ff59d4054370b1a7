// Deletes every alias lookup (:NetnpAlias), as in a graph whose aliases were
// recorded before schema 8.
//
// Parameters: none
//
// Returns: one row: deleted.
// Mode: write
MATCH (lookup:NetnpAlias)
DETACH DELETE lookup
RETURN count(*) AS deleted
