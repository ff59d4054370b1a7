// Folds a node stored under an alias into its canonical node, so that
// declared aliases are analysed as one node: the alias node's ties move to
// the canonical node, its properties fill only the canonical node's gaps, and
// the canonical node keeps its own kind. Rows whose alias has no node of its
// own are skipped. Uses apoc.refactor.mergeNodes (APOC Core, also on Aura).
//
// Parameters:
//   $rows: one map per alias: alias (the alias id), id (the canonical id). Example: [{"alias": "tw:@ana_d", "id": "p:ana"}]
//
// Returns: one row: folded (how many alias nodes were folded).
// Mode: write
UNWIND $rows AS row
MATCH (alias:Entity {id: row.alias})
MATCH (canonical:Entity {id: row.id})
WHERE alias <> canonical
WITH alias, canonical, canonical.aliases AS aliases,
     [label IN labels(canonical) WHERE label IN ["Person", "Organization", "WebPage"]] AS kinds
CALL apoc.refactor.mergeNodes([canonical, alias], {properties: "discard", mergeRels: false}) YIELD node
REMOVE node:Person:Organization:WebPage
SET node:$(kinds), node.aliases = aliases
RETURN count(node) AS folded
