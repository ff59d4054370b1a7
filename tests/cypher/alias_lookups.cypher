// The alias lookups (:NetnpAlias) of the graph, as the tests read them.
//
// Parameters: none
//
// Returns: one row per lookup: alias, id.
// Mode: read
MATCH (lookup:NetnpAlias)
RETURN lookup.alias AS alias, lookup.id AS id
ORDER BY alias
