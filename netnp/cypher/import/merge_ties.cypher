// Creates or updates ties between existing entities. A tie is identified by
// its source, type, target and channel, so the same two people can be tied by
// email and on Twitter. On update, the row's properties replace the stored
// ones (an empty value removes a property). `netnp_source`, `netnp_import_id`
// and `netnp_imported_at` record where the tie came from. The type is checked
// against ^[A-Z][A-Z0-9_]*$ before this query runs and reaches the graph only
// as a parameter, through the dynamic type (a)-[r:$(row.type)]->(b). The
// endpoints are found by element id (see import/create_ties). Rows whose
// endpoints are missing are skipped (the importer checks endpoints first).
// A row's dated observations are added to the tie's lists observed,
// observed_weight and observed_key: one whose key the tie has already
// replaces that observation (so importing a file again adds none), the others
// are appended; keys are looked up in maps (apoc.map.fromLists), so a tie
// with many observations costs one pass over them. A tie with observations
// weighs their sum; a row without any leaves them as they are.
// MERGE locks both endpoints before it creates a tie, so two rows with one
// identity in a batch make one tie, and so do two imports writing the same
// tie at once. The importer writes the first batch of an import into a graph
// that has ties with this query, alone, and every batch with
// NETNP_IMPORT_WORKERS=1; otherwise the next batches go through
// import/write_ties, NETNP_IMPORT_WORKERS transactions at a time.
//
// `CYPHER replan=force` plans the query again for every run: a plan made
// when the graph has no relationships yet looks for an existing tie by
// scanning all relationships (DirectedAllRelationshipsScan, the whole
// relationship store for every row), whereas with relationships in the store
// the planner checks the two endpoints with Expand(Into). The importer never
// runs it on a graph without relationships (import/create_ties writes the
// first ties there), but an analyst pasting it into Browser might.
//
// Parameters:
//   $rows: one map per tie: source and target (element ids of entities, as import/merge_entities and import/existing_ids return them), type, channel, weight (number), since and until (ISO dates or null), properties (a map), and optionally the dated observations the row adds: one as date (ISO) and observation (its key, when not the date), of the row's weight; or several as observed, observed_weight and observed_key (parallel lists of ISO dates, weights and keys, with distinct keys; without observed_key, each observation's key is its date). Example: [{"source": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:12", "target": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:3", "type": "VOLUNTEERS_FOR", "channel": "offline", "weight": 3.0, "since": "2021-09-01", "until": null, "properties": {}}, {"source": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:12", "target": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:7", "type": "KNOWS", "channel": "email", "weight": 1.0, "since": null, "until": null, "properties": {}, "observed": ["2024-03-01", "2024-03-01"], "observed_weight": [1.0, 2.0], "observed_key": ["<a1@example.org>", "<a2@example.org>"]}, {"source": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:7", "target": "4:0f6e5c1a-7d9b-4c55-9a1e-2b3c4d5e6f70:3", "type": "KNOWS", "channel": "email", "weight": 1.0, "since": null, "until": null, "properties": {}, "date": "2024-03-02"}]
//   $provenance: source file, import id and ISO time of the import. Example: {"source": "edges.csv", "import_id": "imp-1", "imported_at": "2026-11-25T10:00:00Z"}
//
// Returns: one row: ties (how many rows were merged).
// Mode: write
CYPHER replan=force
WITH datetime($provenance.imported_at) AS imported_at
UNWIND $rows AS row
MATCH (a:Entity) WHERE elementId(a) = row.source
MATCH (b:Entity) WHERE elementId(b) = row.target
WITH a, b, row, imported_at,
     CASE WHEN row.date IS NULL THEN row.observed ELSE [row.date] END AS observed,
     CASE WHEN row.date IS NULL THEN row.observed_weight ELSE [row.weight] END AS observed_weight,
     CASE WHEN row.date IS NULL THEN coalesce(row.observed_key, row.observed)
          ELSE [coalesce(row.observation, row.date)] END AS given_keys
MERGE (a)-[r:$(row.type) {channel: row.channel}]->(b)
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
