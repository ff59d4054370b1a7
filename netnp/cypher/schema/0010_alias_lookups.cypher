// Schema 10: the alias lookups (schema 8) of the aliases that entities kept
// before schema 8, made once from the entities' `aliases` lists.
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
MATCH (n:Entity)
WHERE n.aliases IS NOT NULL
CALL (n) {
  UNWIND n.aliases AS alias
  MERGE (lookup:NetnpAlias {alias: alias})
  SET lookup.id = n.id
} IN TRANSACTIONS OF 1000 ROWS
