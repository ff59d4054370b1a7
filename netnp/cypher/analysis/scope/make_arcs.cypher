// Builds the directed view: one NETNP_ARC per ordered pair of scoped nodes with a tie in scope from the first to the second.
// Used only when the analysis is directed (in-degree, out-degree, directed PageRank).
// Same scope rules and weights as scope/make_ties.
//
// Parameters:
//   $types: tie types in scope, or null for all. Example: ["FOLLOWS", "LINKS_TO"]
//   $weight: name of the tie property holding the weight. Example: "weight"
//   $since: start of the time window (ISO date) or null. Example: "2020-01-01"
//   $until: end of the time window (ISO date) or null. Example: "2026-12-31"
//   $batch_size: nodes per transaction. Example: 5000
//
// Returns: one row: arcs (NETNP_ARC created).
// Mode: write
MATCH (x:NetnpAnalysed)
CALL (x) {
  MATCH (x)-[r]->(y:NetnpAnalysed)
  WHERE x <> y AND NOT type(r) STARTS WITH 'NETNP_'
    AND ($types IS NULL OR type(r) IN $types)
    AND ($since IS NULL OR r.until IS NULL OR r.until >= date($since))
    AND ($until IS NULL OR r.since IS NULL OR r.since <= date($until))
  WITH y, sum(toFloat(coalesce(r[$weight], 1.0))) AS weight
  CREATE (x)-[:NETNP_ARC {weight: weight}]->(y)
  RETURN count(*) AS created
} IN TRANSACTIONS OF $batch_size ROWS
RETURN sum(created) AS arcs
