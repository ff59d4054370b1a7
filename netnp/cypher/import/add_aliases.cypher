// Records declared aliases (other handles, addresses or ids of the same
// entity) on the canonical node, in its `aliases` list, kept sorted and
// without duplicates; aliases recorded by earlier imports are kept. Each
// alias's lookup node (:NetnpAlias {alias, id}, schema 8) then names the
// node, so that later imports write to it what they find under the alias.
//
// Parameters:
//   $rows: one map per canonical entity: id, and the aliases to add. Example: [{"id": "p:ana", "aliases": ["tw:@ana_d", "ana@example.org"]}]
//
// Returns: one row: entities (how many canonical nodes were found and updated).
// Mode: write
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.aliases = COLLECT {
      UNWIND coalesce(n.aliases, []) + row.aliases AS alias
      WITH DISTINCT alias
      RETURN alias ORDER BY alias
    }
WITH n, row
CALL (n, row) {
  UNWIND row.aliases AS alias
  MERGE (lookup:NetnpAlias {alias: alias})
  SET lookup.id = n.id
}
RETURN count(n) AS entities
