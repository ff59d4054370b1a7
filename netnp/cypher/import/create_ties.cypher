// Creates ties between existing entities, in a graph that had no relationship
// when the import began: the importer's first batch of ties when
// import/has_ties is false (so that import/merge_ties and import/write_ties are
// planned with ties in the store), then the rows whose identity (source, type,
// target, channel) no earlier row of the import had. The rows have distinct
// identities, so no look-up is needed. The type is checked against ^[A-Z][A-Z0-9_]*$
// before this query runs and reaches the graph only as a parameter, through
// the dynamic type (a)-[r:$(row.type)]->(b). The endpoints are found by
// element id, which reads the node record directly (NodeByElementIdSeek),
// faster than a look-up through the index on Entity.id. Rows whose
// endpoints are missing are skipped. `netnp_source`, `netnp_import_id` and
// `netnp_imported_at` record where the tie came from. The model's properties
// are given in CREATE, which is faster than a SET for each (null dates are
// simply not stored); the row's own properties never use the model's names.
// A row's dated observations become the tie's lists observed, observed_weight
// and observed_key, and its weight is then their sum (docs/model.md, "Dated
// observations").
//
// Parameters:
//   $rows: one map per tie, with distinct (source, target, type, channel): source and target (element ids of entities, as import/merge_entities and import/existing_ids return them), type, channel, weight (number), since and until (ISO dates or null), properties (a map), and optionally the dated observations the row adds: one as date (ISO) and observation (its key, when not the date), of the row's weight; or several as observed, observed_weight and observed_key (parallel lists of ISO dates, weights and keys, with distinct keys; without observed_key, each observation's key is its date). Example: [{"source": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:12", "target": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:3", "type": "VOLUNTEERS_FOR", "channel": "offline", "weight": 3.0, "since": "2021-09-01", "until": null, "properties": {}}, {"source": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:12", "target": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:7", "type": "KNOWS", "channel": "email", "weight": 1.0, "since": null, "until": null, "properties": {}, "observed": ["2024-03-01", "2024-03-01"], "observed_weight": [1.0, 2.0], "observed_key": ["<a1@example.org>", "<a2@example.org>"]}, {"source": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:7", "target": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:3", "type": "KNOWS", "channel": "email", "weight": 1.0, "since": null, "until": null, "properties": {}, "date": "2024-03-02"}]
//   $provenance: source file, import id and ISO time of the import. Example: {"source": "edges.csv", "import_id": "imp-1", "imported_at": "2026-11-25T10:00:00Z"}
//
// Returns: one row: ties (how many were created).
// Mode: write
WITH datetime($provenance.imported_at) AS imported_at
UNWIND $rows AS row
MATCH (a:Entity) WHERE elementId(a) = row.source
MATCH (b:Entity) WHERE elementId(b) = row.target
WITH a, b, row, imported_at,
     CASE WHEN row.date IS NULL THEN row.observed ELSE [row.date] END AS observed,
     CASE WHEN row.date IS NULL THEN row.observed_weight ELSE [row.weight] END AS observed_weight,
     CASE WHEN row.date IS NULL THEN coalesce(row.observed_key, row.observed)
          ELSE [coalesce(row.observation, row.date)] END AS given_keys
CREATE (a)-[r:$(row.type) {channel: row.channel, since: date(row.since), until: date(row.until),
                            weight: CASE WHEN row.observed IS NULL THEN row.weight
                                         ELSE reduce(total = 0.0, w IN observed_weight | total + w) END,
                            observed: observed, observed_weight: observed_weight, observed_key: given_keys,
                            netnp_source: $provenance.source, netnp_import_id: $provenance.import_id,
                            netnp_imported_at: imported_at}]->(b)
SET r += row.properties
RETURN count(r) AS ties
