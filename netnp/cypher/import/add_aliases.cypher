// Records declared aliases (other handles, addresses or ids of the same
// entity) on the canonical node, in its `aliases` list, kept sorted and
// without duplicates; aliases recorded by earlier imports are kept.
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
RETURN count(n) AS entities
