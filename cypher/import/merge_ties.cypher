// Creates or updates ties between existing entities. A tie is identified by
// its source, type, target and channel, so the same two people can be tied by
// email and on Twitter. On update, the row's properties replace the stored
// ones (an empty value removes a property). `netnp_source`, `netnp_import_id`
// and `netnp_imported_at` record where the tie came from. The type is checked
// against ^[A-Z][A-Z0-9_]*$ before this query runs, and reaches the graph only
// as a parameter of apoc.merge.relationship, never as Cypher text: a MERGE on a
// dynamic type, (a)-[r:$(row.type)]->(b), is much slower on dense nodes. Rows
// whose endpoints are missing are skipped (the importer checks endpoints first).
//
// Parameters:
//   $rows: one map per tie: source, target, type, channel, weight (number), since and until (ISO dates or null), properties (a map). Example: [{"source": "p:ana", "target": "o:asso", "type": "VOLUNTEERS_FOR", "channel": "offline", "weight": 3.0, "since": "2021-09-01", "until": null, "properties": {}}]
//   $provenance: source file, import id and ISO time of the import. Example: {"source": "edges.csv", "import_id": "imp-1", "imported_at": "2026-11-25T10:00:00Z"}
//
// Returns: one row: ties (how many rows were merged).
// Mode: write
WITH datetime($provenance.imported_at) AS imported_at
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
WITH a, b, row, imported_at, row.properties AS given
WITH a, b, row, given {.*,
       weight: row.weight,
       since: date(row.since),
       until: date(row.until),
       netnp_source: $provenance.source,
       netnp_import_id: $provenance.import_id,
       netnp_imported_at: imported_at
     } AS props
CALL apoc.merge.relationship(a, row.type, {channel: row.channel}, props, b, props) YIELD rel
RETURN count(rel) AS ties
