// Where the data came from: entities and ties counted by import.
// An import is a file or source name, an import id and a time; the report's
// "Data provenance" section lists them. The analyses' own relationships
// (types starting with NETNP_) are not data and are left out.
//
// Parameters: none
//
// Returns: one row per import: source, import_id, imported_at (ISO text), entities, ties.
// Mode: read
CALL () {
  MATCH (n:Entity)
  RETURN n.netnp_source AS source, n.netnp_import_id AS import_id,
         n.netnp_imported_at AS imported_at, count(n) AS entities, 0 AS ties
  UNION ALL
  MATCH (:Entity)-[r]->(:Entity)
  WHERE NOT type(r) STARTS WITH 'NETNP_'
  RETURN r.netnp_source AS source, r.netnp_import_id AS import_id,
         r.netnp_imported_at AS imported_at, 0 AS entities, count(r) AS ties
}
WITH source, import_id, min(imported_at) AS imported_at, sum(entities) AS entities, sum(ties) AS ties
RETURN source, import_id, toString(imported_at) AS imported_at, entities, ties
ORDER BY imported_at, source
