// The entities that one person (or organisation, or page) is in the graph:
// the node whose id is $id, and every node that keeps $id among its aliases
// (an alias of a node is the same entity under another handle). Usually one
// node; two when an import brought back a node under an id that another node
// keeps as an alias. Used by `netnp person export` and `netnp person forget`.
//
// Parameters:
//   $id: an entity's id, or one of its aliases. Example: "p:ana"
//
// Returns: one row per entity: node (element id), id, kind, labels, properties (every property of the node).
// Mode: read
CALL () {
  MATCH (n:Entity {id: $id})
  RETURN n
  UNION
  MATCH (n:Entity)
  WHERE n.aliases IS NOT NULL AND $id IN n.aliases
  RETURN n
}
RETURN elementId(n) AS node, n.id AS id,
       [label IN labels(n) WHERE label IN ["Person", "Organization", "WebPage"]][0] AS kind,
       labels(n) AS labels, properties(n) AS properties
ORDER BY id
