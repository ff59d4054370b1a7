// Creates or updates entities (people, organisations, web pages) by their id.
// Every entity carries the label Entity plus exactly one kind label. Its other
// input columns become properties; `netnp_source`, `netnp_import_id` and
// `netnp_imported_at` record where it came from. The kind is checked against
// Person, Organization, WebPage before this query runs. It returns the
// entities' element ids, by which the tie modules find them.
//
// Parameters:
//   $rows: one map per entity: id, kind, name, properties (a map). Example: [{"id": "p:ana", "kind": "Person", "name": "Ana Duval", "properties": {"role": "volunteer"}}]
//   $provenance: source file, import id and ISO time of the import. Example: {"source": "nodes.csv", "import_id": "imp-1", "imported_at": "2026-11-25T10:00:00Z"}
//
// Returns: one row: entities (how many rows were merged), ids and nodes (each
// entity's id and its element id, in the same order).
// Mode: write
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
REMOVE n:Person:Organization:WebPage
SET n:$(row.kind)
SET n += row.properties,
    n.name = row.name,
    n.netnp_source = $provenance.source,
    n.netnp_import_id = $provenance.import_id,
    n.netnp_imported_at = datetime($provenance.imported_at)
RETURN count(n) AS entities, collect(n.id) AS ids, collect(elementId(n)) AS nodes
