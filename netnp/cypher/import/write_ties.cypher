// Creates or updates ties between existing entities, for every batch of an
// import but the first (written alone by import/create_ties or
// import/merge_ties). A tie is identified by its source, type, target and
// channel: when the graph has that tie it is updated, else it is created.
// The row's properties replace the stored ones (an empty value removes a
// property); `netnp_source`, `netnp_import_id` and `netnp_imported_at` record
// where the tie came from. The type is checked against ^[A-Z][A-Z0-9_]*$
// before this query runs and reaches the graph only as a parameter, through
// the dynamic type (a)-[r:$(row.type)]->(b). The endpoints are found by
// element id (see import/create_ties). Rows whose endpoints are missing are
// skipped.
// A row's dated observations are added to the tie's lists observed,
// observed_weight and observed_key: one whose key the tie has already
// replaces that observation (so importing a file again adds none), the others
// are appended; keys are looked up in maps (apoc.map.fromLists), so a tie
// with many observations costs one pass over them. A tie with observations
// weighs their sum; a row without any leaves them as they are.
//
// Unlike MERGE, the look-up takes no lock, so that several transactions can write
// ties to the same hub at once (Neo4j lets concurrent transactions add
// relationships to a dense node). The importer makes that safe: the rows of a
// batch have distinct identities, and every tie between two given entities
// goes to the same writer, so no two transactions ever create the same tie.
// The look-up is an Expand(Into) from the endpoint of lower degree when the
// query is planned with relationships in the store: the importer writes its
// first batch alone (import/create_ties or import/merge_ties), so this query
// is never planned on a graph without relationships, where the planner would
// scan the whole relationship store for every row.
//
// Parameters:
//   $rows: one map per tie, with distinct (source, target, type, channel): source and target (element ids of entities, as import/merge_entities and import/existing_ids return them), type, channel, weight (number), since and until (ISO dates or null), properties (a map), and optionally the dated observations the row adds: one as date (ISO) and observation (its key, when not the date), of the row's weight; or several as observed, observed_weight and observed_key (parallel lists of ISO dates, weights and keys, with distinct keys; without observed_key, each observation's key is its date). Example: [{"source": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:12", "target": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:3", "type": "VOLUNTEERS_FOR", "channel": "offline", "weight": 3.0, "since": "2021-09-01", "until": null, "properties": {}}, {"source": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:12", "target": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:7", "type": "KNOWS", "channel": "email", "weight": 1.0, "since": null, "until": null, "properties": {}, "observed": ["2024-03-01", "2024-03-01"], "observed_weight": [1.0, 2.0], "observed_key": ["<a1@example.org>", "<a2@example.org>"]}, {"source": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:7", "target": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:3", "type": "KNOWS", "channel": "email", "weight": 1.0, "since": null, "until": null, "properties": {}, "date": "2024-03-02"}]
//   $provenance: source file, import id and ISO time of the import. Example: {"source": "edges.csv", "import_id": "imp-1", "imported_at": "2026-11-25T10:00:00Z"}
//
// Returns: one row: ties (how many rows were written).
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
WITH a, b, row, imported_at, observed, observed_weight, given_keys,
     [(a)-[stored]->(b) WHERE type(stored) = row.type AND stored.channel = row.channel | stored][0] AS found
CALL (a, b, row, found) {
  WITH a, b, row WHERE found IS NULL
  CREATE (a)-[created:$(row.type) {channel: row.channel}]->(b)
  RETURN created AS r
  UNION ALL
  WITH found WHERE found IS NOT NULL
  RETURN found AS r
}
WITH r, row, imported_at, observed, observed_weight, given_keys,
     CASE WHEN observed IS NULL THEN null ELSE coalesce(r.observed_key, []) END AS stored
WITH r, row, imported_at, observed, observed_weight, stored, given_keys,
     CASE WHEN stored IS NULL THEN null
          ELSE apoc.map.fromLists(given_keys, range(0, size(given_keys) - 1)) END AS given,
     CASE WHEN stored IS NULL THEN null ELSE apoc.map.fromLists(stored, range(0, size(stored) - 1)) END AS stored_at
WITH r, row, imported_at, observed, observed_weight, stored, given_keys, given,
     CASE WHEN stored IS NULL THEN null
          ELSE [j IN range(0, size(given_keys) - 1) WHERE stored_at[given_keys[j]] IS NULL] END AS fresh
WITH r, row, imported_at, stored,
     CASE WHEN stored IS NULL THEN null
          ELSE [i IN range(0, size(stored) - 1) | coalesce(observed[given[stored[i]]], r.observed[i])]
               + [j IN fresh | observed[j]] END AS dates,
     CASE WHEN stored IS NULL THEN null
          ELSE [i IN range(0, size(stored) - 1) | coalesce(observed_weight[given[stored[i]]], r.observed_weight[i])]
               + [j IN fresh | observed_weight[j]] END AS weights,
     CASE WHEN stored IS NULL THEN null ELSE stored + [j IN fresh | given_keys[j]] END AS keys
SET r += row.properties,
    r.weight = CASE WHEN weights IS NOT NULL THEN reduce(total = 0.0, w IN weights | total + w)
                    WHEN r.observed_weight IS NOT NULL THEN r.weight
                    ELSE row.weight END,
    r.observed = coalesce(dates, r.observed),
    r.observed_weight = coalesce(weights, r.observed_weight),
    r.observed_key = coalesce(keys, r.observed_key),
    r.since = date(row.since),
    r.until = date(row.until),
    r.netnp_source = $provenance.source,
    r.netnp_import_id = $provenance.import_id,
    r.netnp_imported_at = imported_at
RETURN count(r) AS ties
