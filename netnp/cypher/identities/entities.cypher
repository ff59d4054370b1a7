// The entities a list of ids names, for `netnp identities apply`, which checks
// every row of a candidates file before it folds anything: each id is the id
// of an entity, or one of the aliases an entity keeps (then it names that
// entity, and also the node stored under the same id, if an import brought
// one back).
//
// Parameters:
//   $ids: the ids to look up. Example: ["p:ana", "ana@example.org", "p:nobody"]
//
// Returns: one row per id and entity it names: ref (the id asked), id (the entity's id), kind, name, aliases (a list), degree.
// Mode: read
CALL () {
  UNWIND $ids AS ref
  MATCH (n:Entity {id: ref})
  RETURN ref, n
  UNION
  MATCH (n:Entity)
  WHERE n.aliases IS NOT NULL AND any(alias IN n.aliases WHERE alias IN $ids)
  UNWIND [alias IN n.aliases WHERE alias IN $ids] AS ref
  RETURN ref, n
}
RETURN ref, n.id AS id,
       [label IN labels(n) WHERE label IN ["Person", "Organization", "WebPage"]][0] AS kind,
       n.name AS name, coalesce(n.aliases, []) AS aliases, COUNT { (n)--() } AS degree
