// Which of the given ids are aliases that an entity of the graph keeps (an id
// folded into it by `netnp identities apply` or `netnp import --aliases`),
// and the id of that entity, from the alias lookups (:NetnpAlias, schema 8):
// an import writes what its files say of such an id to the entity.
//
// Parameters:
//   $ids: the ids to look up. Example: ["ana@example.org", "tw:@ana_d", "p:nobody"]
//
// Returns: one row per id that is a kept alias: alias, id (the id of the entity that keeps it).
// Mode: read
UNWIND $ids AS ref
MATCH (lookup:NetnpAlias {alias: ref})
MATCH (n:Entity {id: lookup.id})
RETURN lookup.alias AS alias, n.id AS id
