// Deletes entities with all their ties (and so the ties' observations and
// provenance, and the entities' aliases, labels and analysis results), and
// the alias lookups (:NetnpAlias) that name them or hold their ids, and
// counts what went.
//
// Parameters:
//   $nodes: element ids of the entities. Example: ["4:f8a3c1e2-0000-0000-0000-000000000000:0"]
//
// Returns: at most one row: nodes, aliases, ties, observations (the dated observations the deleted ties held).
// Mode: write
MATCH (n)
WHERE elementId(n) IN $nodes
WITH collect(n) AS gone
CALL (gone) {
  UNWIND gone AS n
  MATCH (n)-[r]-()
  WITH DISTINCT r
  RETURN count(r) AS ties, sum(size(coalesce(r.observed, []))) AS observations
}
CALL (gone) {
  UNWIND gone AS n
  UNWIND [n.id] + coalesce(n.aliases, []) AS ref
  OPTIONAL MATCH (named:NetnpAlias {id: ref})
  OPTIONAL MATCH (held:NetnpAlias {alias: ref})
  WITH collect(named) + collect(held) AS lookups
  UNWIND lookups AS lookup
  WITH DISTINCT lookup
  DETACH DELETE lookup
}
UNWIND gone AS n
WITH ties, observations, n, size(coalesce(n.aliases, [])) AS aliases
DETACH DELETE n
RETURN count(n) AS nodes, sum(aliases) AS aliases, ties, observations
