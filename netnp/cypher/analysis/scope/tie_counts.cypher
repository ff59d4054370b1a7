// Counts the user's ties in the analysis scope, by type.
// Same scope rules as scope/make_ties: both ends scoped, type chosen, dates overlapping the window.
//
// Parameters:
//   $types: tie types in scope, or null for all. Example: ["KNOWS", "MEMBER_OF"]
//   $since: start of the time window (ISO date) or null. Example: "2020-01-01"
//   $until: end of the time window (ISO date) or null. Example: "2026-12-31"
//
// Returns: one row per type: type, ties.
// Mode: read
MATCH (x:NetnpAnalysed)-[r]->(y:NetnpAnalysed)
WHERE x <> y AND NOT type(r) STARTS WITH 'NETNP_'
  AND ($types IS NULL OR type(r) IN $types)
  AND ($since IS NULL OR r.until IS NULL OR r.until >= date($since))
  AND ($until IS NULL OR r.since IS NULL OR r.since <= date($until))
RETURN type(r) AS type, count(r) AS ties
ORDER BY ties DESC, type
