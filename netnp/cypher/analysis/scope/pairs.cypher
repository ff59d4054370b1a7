// Reads the analysis scope: every node in scope, with the pairs of nodes its ties in scope join, aggregated.
// A node is in scope when it has one of the kinds $kinds. A tie is in scope when
// both its ends are, its type is chosen ($types null means all), and it is in the
// window [$since, $until] (null bounds are open): when one of its dated
// observations (the list `observed`) falls inside, or when its since/until dates
// overlap the window; a tie without any date is always in. In a window, a tie's
// weight is the sum of the weights of its observations inside (`observed_weight`),
// or its own $weight when none is inside (docs/model.md, "Dated observations");
// with another $weight property, that property. A windowed run analyses the nodes
// present in the window, those with a tie in scope: the other nodes' rows say
// present = false (they are listed only for their stale ties). Without a window,
// every node in scope is present. Nothing is written: the analysed graph is
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
// Returns: one row per node in scope (or with stale ties): node (element id), id, kind; the pairs listed
// on the row, as parallel lists (one column each, so that the client reads them in bulk): others (the
// other node's element id), weights, out_weights, out_ties, in_weights, in_ties, ties (each pair's tie
// element ids), types (each pair's tie types); stale (element ids of ties whose results must be
// cleared), present (whether the run analyses the node).
// Mode: read
MATCH (x:Entity)
WHERE any(kind IN labels(x) WHERE kind IN $kinds)
CALL (x) {
  OPTIONAL MATCH (x)-[r]-(y:Entity)
  WITH x, r, y,
       CASE WHEN ($since IS NULL AND $until IS NULL) OR r.observed IS NULL THEN []
            ELSE [i IN range(0, size(r.observed) - 1)
                  WHERE ($since IS NULL OR r.observed[i] >= $since) AND ($until IS NULL OR r.observed[i] <= $until)]
       END AS seen
  WITH x, r, y, seen,
       x <> y AND any(kind IN labels(y) WHERE kind IN $kinds)
       AND ($types IS NULL OR type(r) IN $types)
       AND (($since IS NULL AND $until IS NULL)
            OR size(seen) > 0
            OR (r.observed IS NULL AND r.since IS NULL AND r.until IS NULL)
            OR ((r.since IS NOT NULL OR r.until IS NOT NULL)
                AND ($since IS NULL OR r.until IS NULL OR r.until >= date($since))
                AND ($until IS NULL OR r.since IS NULL OR r.since <= date($until)))) AS inside
  WITH x, r, y, seen, inside, inside AND elementId(x) < elementId(y) AS paired,
       r.netnp_overlap IS NOT NULL AND (NOT inside OR NOT $tie_results) AS stale
  WHERE paired OR stale OR (inside AND ($since IS NOT NULL OR $until IS NOT NULL))
  WITH x, y, paired, r, stale, inside, startNode(r) = x AS out,
       toFloat(CASE WHEN size(seen) > 0 AND $weight = 'weight'
                    THEN reduce(total = 0.0, i IN seen | total + r.observed_weight[i])
                    ELSE coalesce(r[$weight], 1.0) END) AS w
  WITH x, y, paired,
       sum(w) AS weight,
       sum(CASE WHEN out THEN w ELSE 0.0 END) AS out_weight, count(CASE WHEN out THEN 1 END) AS out_ties,
       sum(CASE WHEN out THEN 0.0 ELSE w END) AS in_weight, count(CASE WHEN out THEN null ELSE 1 END) AS in_ties,
       collect(elementId(r)) AS ties, collect(type(r)) AS types,
       collect(CASE WHEN stale THEN elementId(r) END) AS stale,
       count(CASE WHEN inside THEN 1 END) AS inside
  RETURN collect(CASE WHEN paired THEN elementId(y) END) AS others,
         collect(CASE WHEN paired THEN weight END) AS weights,
         collect(CASE WHEN paired THEN out_weight END) AS out_weights,
         collect(CASE WHEN paired THEN out_ties END) AS out_ties,
         collect(CASE WHEN paired THEN in_weight END) AS in_weights,
         collect(CASE WHEN paired THEN in_ties END) AS in_ties,
         collect(CASE WHEN paired THEN ties END) AS ties,
         collect(CASE WHEN paired THEN types END) AS types,
         reduce(acc = [], found IN collect(stale) | acc + found) AS stale,
         sum(inside) > 0 AS present
}
RETURN elementId(x) AS node, x.id AS id, [kind IN labels(x) WHERE kind IN $kinds][0] AS kind,
       others, weights, out_weights, out_ties, in_weights, in_ties, ties, types, stale,
       present OR ($since IS NULL AND $until IS NULL) AS present
