// The benchmark's row-by-row baseline (bench/bench_import.py): the same MERGE
// as import/merge_ties, without `CYPHER replan=force`, so that the baseline,
// one tie per transaction, does not pay for planning each time.
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
MERGE (a)-[r:$(row.type) {channel: row.channel}]->(b)
SET r += row.properties,
    r.weight = row.weight,
    r.since = date(row.since),
    r.until = date(row.until),
    r.netnp_source = $provenance.source,
    r.netnp_import_id = $provenance.import_id,
    r.netnp_imported_at = imported_at
RETURN count(r) AS ties
