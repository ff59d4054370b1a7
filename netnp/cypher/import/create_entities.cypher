// Creates entities (people, organisations, web pages) in a graph that had no
// entity when the import began, for the rows whose id no earlier row of the
// import had: nothing to look up, so no MERGE (which looks the id up in the
// index and locks it). The other rows go through import/merge_entities, after
// these. Every entity carries the label Entity plus exactly one kind label;
// its other input columns become properties; `netnp_source`,
// `netnp_import_id` and `netnp_imported_at` record where it came from. The
// kind is checked against Person, Organization, WebPage before this query
// runs. The uniqueness constraint on Entity.id stays the safety net: a
// second entity with an existing id fails the transaction. It returns the
// entities' element ids, by which the tie modules find them.
//
// Parameters:
//   $rows: one map per entity, with distinct ids: id, kind, name, properties (a map). Example: [{"id": "p:ana", "kind": "Person", "name": "Ana Duval", "properties": {"role": "volunteer"}}]
//   $provenance: source file, import id and ISO time of the import. Example: {"source": "nodes.csv", "import_id": "imp-1", "imported_at": "2026-11-25T10:00:00Z"}
//
// Returns: one row: entities (how many were created), ids and nodes (each
// entity's id and its element id, in the same order).
// Mode: write
WITH datetime($provenance.imported_at) AS imported_at
UNWIND $rows AS row
CREATE (n:Entity:$(row.kind) {id: row.id, name: row.name, netnp_source: $provenance.source,
                              netnp_import_id: $provenance.import_id, netnp_imported_at: imported_at})
SET n += row.properties
RETURN count(n) AS entities, collect(n.id) AS ids, collect(elementId(n)) AS nodes
