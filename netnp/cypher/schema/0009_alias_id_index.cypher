// Schema 9: the alias lookups (schema 8) are found by the entity they name
// too, when that entity is folded into another or forgotten.
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
CREATE INDEX netnp_alias_id IF NOT EXISTS
FOR (a:NetnpAlias) ON (a.id)
