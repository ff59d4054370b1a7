// Builds the analysed view: one undirected NETNP_TIE per pair of scoped nodes that share a tie in scope.
// A tie is in scope when its type is chosen ($types null means all), and its
// since/until dates overlap the window [$since, $until] (null bounds are open;
// a tie without dates is always in scope). Parallel ties between the same two
// nodes, in either direction, become one NETNP_TIE whose weight is the sum of
// their weights (property $weight, 1.0 when missing), from the lower id to the higher.
//
// Parameters:
//   $types: tie types in scope, or null for all. Example: ["KNOWS", "MEMBER_OF"]
//   $weight: name of the tie property holding the weight. Example: "weight"
//   $since: start of the time window (ISO date) or null. Example: "2020-01-01"
//   $until: end of the time window (ISO date) or null. Example: "2026-12-31"
//   $batch_size: nodes per transaction. Example: 5000
//
// Returns: one row: pairs (NETNP_TIE created).
// Mode: write
MATCH (x:NetnpAnalysed)
CALL (x) {
  MATCH (x)-[r]-(y:NetnpAnalysed)
  WHERE x.id < y.id AND NOT type(r) STARTS WITH 'NETNP_'
    AND ($types IS NULL OR type(r) IN $types)
    AND ($since IS NULL OR r.until IS NULL OR r.until >= date($since))
    AND ($until IS NULL OR r.since IS NULL OR r.since <= date($until))
  WITH y, sum(toFloat(coalesce(r[$weight], 1.0))) AS weight, collect(DISTINCT type(r)) AS types
  CREATE (x)-[:NETNP_TIE {weight: weight, types: types}]->(y)
  RETURN count(*) AS created
} IN TRANSACTIONS OF $batch_size ROWS
RETURN sum(created) AS pairs
