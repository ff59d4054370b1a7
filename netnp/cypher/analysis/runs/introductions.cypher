// Hubs and bridges of a run that the focal node has no tie with, each with the strongest introduction path through existing ties.
// $candidates are the run's Hub and Bridge nodes in the focus's component, other than the focus,
// best first by PageRank (the caller reads them from the run's chunks); those with a tie to the
// focus are left out. The nodes a path may go through are the run's analysed nodes: the keys of
// $pagerank, which also breaks ties between introducers.
// Paths follow the user's ties in the run's scope ($types and the window [$since, $until],
// as analysis/scope/pairs reads them); the weight of a step is the sum of the weights of the
// ties between its two ends, in either direction, as the run's pairs sum them.
// The introducer is the common contact m on the strongest two-step path focus - m - candidate:
// a path is as short as the sum of 1/weight over its ties (Newman 2001; Opsahl et al. 2010), so
// its strength is 1 / (1/w1 + 1/w2), half the harmonic mean of its two tie weights: a strong tie
// cannot make up for a very weak one, but of two paths with the same weaker tie, the one
// whose other tie is stronger wins. Ties are broken by the product w1 * w2, then the
// introducer's PageRank and id. A tie of weight 0 or less gives a path of strength 0.
// A person or organisation introduces before any web page, which cannot make an introduction.
// A candidate with no common contact gets a shortest path (fewest ties), and a null strength.
//
// Parameters:
//   $focus: id of the focal node. Example: "org:asso"
//   $candidates: ids of the run's hubs and bridges in the focus's component, best first. Example: ["p:1", "p:7"]
//   $pagerank: the PageRank of every node the run analysed, by id. Example: {"org:asso": 0.2, "p:1": 0.1, "p:7": 0.05}
//   $limit: most introductions to return. Example: 10
//   $types: tie types in the run's scope, or null for all. Example: ["KNOWS", "MEMBER_OF"]
//   $weight: name of the tie property holding the weight. Example: "weight"
//   $since: start of the run's time window (ISO date) or null. Example: "2020-01-01"
//   $until: end of the run's time window (ISO date) or null. Example: "2026-12-31"
//
// Returns: one row per candidate, best first: id, name, path (list of {id, name}), weights (of the path's ties), strength.
// Mode: read
MATCH (f:Entity {id: $focus})
UNWIND range(0, size($candidates) - 1) AS rank
MATCH (c:Entity {id: $candidates[rank]})
WHERE c <> f
  AND NOT EXISTS {
    MATCH (f)-[r]-(c)
    WHERE ($types IS NULL OR type(r) IN $types)
      AND ($since IS NULL OR r.until IS NULL OR r.until >= date($since))
      AND ($until IS NULL OR r.since IS NULL OR r.since <= date($until))
  }
WITH f, c, rank ORDER BY rank
LIMIT $limit * 3
OPTIONAL CALL (f, c) {
  MATCH (f)-[a]-(m:Entity)
  WHERE m <> f AND m <> c AND $pagerank[m.id] IS NOT NULL AND ($types IS NULL OR type(a) IN $types)
    AND ($since IS NULL OR a.until IS NULL OR a.until >= date($since))
    AND ($until IS NULL OR a.since IS NULL OR a.since <= date($until))
  WITH m, sum(toFloat(coalesce(a[$weight], 1.0))) AS w1
  MATCH (m)-[b]-(c)
  WHERE ($types IS NULL OR type(b) IN $types)
    AND ($since IS NULL OR b.until IS NULL OR b.until >= date($since))
    AND ($until IS NULL OR b.since IS NULL OR b.since <= date($until))
  WITH m, w1, sum(toFloat(coalesce(b[$weight], 1.0))) AS w2
  WITH m, w1, w2, CASE WHEN w1 > 0 AND w2 > 0 THEN 1.0 / (1.0 / w1 + 1.0 / w2) ELSE 0.0 END AS strength
  ORDER BY m:WebPage, strength DESC, w1 * w2 DESC, $pagerank[m.id] DESC, m.id
  LIMIT 1
  RETURN m, [w1, w2] AS two_step_weights, strength
}
OPTIONAL CALL (f, c, m) {
  WITH f, c WHERE m IS NULL
  MATCH p = shortestPath((f)-[*]-(c))
  WHERE all(x IN nodes(p) WHERE $pagerank[x.id] IS NOT NULL)
    AND all(r IN relationships(p) WHERE ($types IS NULL OR type(r) IN $types)
            AND ($since IS NULL OR r.until IS NULL OR r.until >= date($since))
            AND ($until IS NULL OR r.since IS NULL OR r.since <= date($until)))
  WITH nodes(p) AS far
  UNWIND range(0, size(far) - 2) AS i
  CALL (far, i) {
    WITH far[i] AS x, far[i + 1] AS y
    MATCH (x)-[r]-(y)
    WHERE ($types IS NULL OR type(r) IN $types)
      AND ($since IS NULL OR r.until IS NULL OR r.until >= date($since))
      AND ($until IS NULL OR r.since IS NULL OR r.since <= date($until))
    RETURN sum(toFloat(coalesce(r[$weight], 1.0))) AS w
  }
  WITH far, i, w ORDER BY i
  RETURN far, collect(w) AS far_weights
}
WITH c, rank, CASE WHEN m IS NULL THEN far ELSE [f, m, c] END AS path,
     CASE WHEN m IS NULL THEN far_weights ELSE two_step_weights END AS weights, strength
WHERE path IS NOT NULL
RETURN c.id AS id, c.name AS name, [x IN path | {id: x.id, name: x.name}] AS path, weights, strength
ORDER BY rank
LIMIT $limit
