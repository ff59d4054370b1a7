// Everything one entity stands for, for `netnp identities list`: its id, kind,
// name and aliases, the entity's own provenance (the file, import id and time
// of the import that wrote it last), and where its ties came from (the
// provenance of its ties, counted by source and import: ties moved over from
// a folded alias keep theirs). $id may be the entity's id or one of its
// aliases.
//
// Parameters:
//   $id: an entity's id, or one of its aliases. Example: "p:ana"
//
// Returns: one row per entity named (none if no entity has this id or alias): id, kind, name, aliases, matched_alias (true when $id is an alias), source, import_id, imported_at, tie_sources (a list of maps: source, import_id, imported_at, ties).
// Mode: read
CALL () {
  MATCH (n:Entity {id: $id})
  RETURN n, false AS matched_alias
  UNION
  MATCH (n:Entity)
  WHERE n.aliases IS NOT NULL AND $id IN n.aliases
  RETURN n, true AS matched_alias
}
RETURN n.id AS id,
       [label IN labels(n) WHERE label IN ["Person", "Organization", "WebPage"]][0] AS kind,
       n.name AS name, coalesce(n.aliases, []) AS aliases, matched_alias,
       n.netnp_source AS source, n.netnp_import_id AS import_id, toString(n.netnp_imported_at) AS imported_at,
       COLLECT {
         MATCH (n)-[r]-()
         WHERE NOT type(r) STARTS WITH 'NETNP_'
         WITH r.netnp_source AS source, r.netnp_import_id AS import_id,
              min(toString(r.netnp_imported_at)) AS imported_at, count(DISTINCT r) AS ties
         ORDER BY imported_at, source
         RETURN {source: source, import_id: import_id, imported_at: imported_at, ties: ties}
       } AS tie_sources
ORDER BY matched_alias, id
