// Every alias that an entity of the graph keeps, with the id of that entity,
// from the alias lookups (:NetnpAlias, schema 8): an import whose files name
// more ids than the graph keeps aliases reads them all rather than look its
// ids up one by one.
//
// Parameters: none
//
// Returns: one row per alias: alias, id (the id of the entity that keeps it).
// Mode: read
MATCH (lookup:NetnpAlias)
MATCH (n:Entity {id: lookup.id})
RETURN lookup.alias AS alias, n.id AS id
