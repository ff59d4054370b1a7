// Creates or updates ties between existing entities. A tie is identified by
// its source, type, target and channel, so the same two people can be tied by
// email and on Twitter. The type is checked against ^[A-Z][A-Z0-9_]*$ before
// this query runs; rows whose endpoints are missing are skipped (the importer
// checks endpoints first).
//
// Parameters:
//   $rows: one map per tie: source, target, type, channel, weight (number), since and until (ISO dates or null), properties (a map). Example: [{"source": "p:ana", "target": "o:asso", "type": "VOLUNTEERS_FOR", "channel": "offline", "weight": 3.0, "since": "2021-09-01", "until": null, "properties": {}}]
//   $provenance: source file, import id and ISO time of the import. Example: {"source": "edges.csv", "import_id": "imp-1", "imported_at": "2026-11-25T10:00:00Z"}
//
// Returns: one row: ties (how many rows were merged).
// Mode: write
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:$(row.type) {channel: row.channel}]->(b)
SET r += row.properties,
    r.weight = row.weight,
    r.since = date(row.since),
    r.until = date(row.until),
    r.netnp_source = $provenance.source,
    r.netnp_import_id = $provenance.import_id,
    r.netnp_imported_at = datetime($provenance.imported_at)
RETURN count(r) AS ties
