// How many alias lookups (:NetnpAlias, schema 8) the graph holds: an import
// asks this once, and looks its ids up among the aliases kept in the graph
// only when there are some. Neo4j answers from its count store.
//
// Parameters: none
//
// Returns: one row: aliases.
// Mode: read
MATCH (lookup:NetnpAlias)
RETURN count(lookup) AS aliases
