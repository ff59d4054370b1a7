// Reads the analysis scope: every node in scope, with the pairs of nodes its ties in scope join, aggregated.
// A node is in scope when it has one of the kinds $kinds. A tie is in scope when
// both its ends are, its type is chosen ($types null means all), and its
// since/until dates overlap the window [$since, $until] (null bounds are open; a
// tie without dates is always in scope). Nothing is written: the analysed graph is
// this simple graph of pairs, which netnp builds in memory (or GDS projects).
// Each unordered pair is listed once, on the row of its end with the smaller
// element id; parallel ties between the two nodes, in either direction, are
// summed into the pair's weight (property $weight, 1.0 when missing). The
// direction of each tie is kept apart (out: from the row's node; in: towards
// it) for directed analyses.
// Each row also lists the ties of the node that carry tie results of an earlier
// run but are out of this scope (stale), or all of those when $tie_results is
// false, so that the run can clear them without another pass over the ties.
//
// Parameters:
//   $kinds: node kinds in scope. Example: ["Person", "Organization", "WebPage"]
//   $types: tie types in scope, or null for all. Example: ["KNOWS", "MEMBER_OF"]
//   $weight: name of the tie property holding the weight. Example: "weight"
//   $since: start of the time window (ISO date) or null. Example: "2020-01-01"
//   $until: end of the time window (ISO date) or null. Example: "2026-12-31"
//   $tie_results: whether this run writes tie results (overlap, bridges) on the ties in scope. Example: true
//
// Returns: one row per node in scope: node (element id), id, kind, pairs (list of
// [other node's element id, weight, out weight, out ties, in weight, in ties, tie element ids, tie types]),
// stale (element ids of ties whose results must be cleared).
// Mode: read
MATCH (x:Entity)
WHERE any(kind IN labels(x) WHERE kind IN $kinds)
CALL (x) {
  OPTIONAL MATCH (x)-[r]-(y:Entity)
  WITH x, r, y,
       x <> y AND any(kind IN labels(y) WHERE kind IN $kinds)
       AND ($types IS NULL OR type(r) IN $types)
       AND ($since IS NULL OR r.until IS NULL OR r.until >= date($since))
       AND ($until IS NULL OR r.since IS NULL OR r.since <= date($until)) AS inside
  WITH x, r, y, inside AND elementId(x) < elementId(y) AS paired,
       r.netnp_overlap IS NOT NULL AND (NOT inside OR NOT $tie_results) AS stale
  WHERE paired OR stale
  WITH x, y, paired, r, stale, toFloat(coalesce(r[$weight], 1.0)) AS w, startNode(r) = x AS out
  WITH x, y, paired,
       sum(w) AS weight,
       sum(CASE WHEN out THEN w ELSE 0.0 END) AS out_weight, count(CASE WHEN out THEN 1 END) AS out_ties,
       sum(CASE WHEN out THEN 0.0 ELSE w END) AS in_weight, count(CASE WHEN out THEN null ELSE 1 END) AS in_ties,
       collect(elementId(r)) AS ties, collect(type(r)) AS types,
       collect(CASE WHEN stale THEN elementId(r) END) AS stale
  RETURN collect(CASE WHEN paired THEN [elementId(y), weight, out_weight, out_ties, in_weight, in_ties, ties, types] END)
           AS pairs,
         reduce(acc = [], found IN collect(stale) | acc + found) AS stale
}
RETURN elementId(x) AS node, x.id AS id, [kind IN labels(x) WHERE kind IN $kinds][0] AS kind, pairs, stale
