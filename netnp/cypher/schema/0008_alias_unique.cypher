// Schema 8: each alias an entity keeps (an id folded into it, or declared as
// another handle of it) has one lookup node (:NetnpAlias {alias, id}) naming
// the entity's id, so that later imports find in O(log n) which ids are
// aliases kept in the graph (docs/identities.md). Range indexes do not index
// the elements of the entities' `aliases` lists; this constraint indexes
// `alias`, and makes each alias name one entity.
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
CREATE CONSTRAINT netnp_alias_unique IF NOT EXISTS
FOR (a:NetnpAlias) REQUIRE a.alias IS UNIQUE
