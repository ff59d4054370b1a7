// Folds a node stored under an alias into its canonical node, so that
// declared aliases are analysed as one node: the alias node's ties move to
// the canonical node, its properties fill only the canonical node's gaps, and
// the canonical node keeps its own kind, and the aliases the alias node kept
// are the canonical node's too (their lookups, :NetnpAlias, then name it).
// Rows whose alias has no node of its own are skipped. Uses
// apoc.refactor.mergeNodes (APOC Core, also on Aura).
//
// A tie is identified by (source, type, target, channel), so a tie of the
// alias node that the canonical node already has, to the same other node, in
// the same direction, with the same type and channel, is not moved: its
// properties fill the gaps of the canonical node's tie, its dated observations
// are added to that tie's (one per key), and it is deleted.
// Ties between the alias and the canonical node (or of the alias to itself)
// become loops of the canonical node; loops that then share type and channel
// are kept once, the others filling the kept one's gaps.
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
CALL (alias, canonical) {
  MATCH (alias)-[moved]-(other)
  WHERE other <> alias AND other <> canonical
  WITH moved, other, startNode(moved) = alias AS outgoing
  CALL (moved, other, outgoing, canonical) {
    MATCH (canonical)-[kept]->(other)
    WHERE outgoing AND type(kept) = type(moved) AND kept.channel = moved.channel
    RETURN kept
    UNION
    MATCH (other)-[kept]->(canonical)
    WHERE NOT outgoing AND type(kept) = type(moved) AND kept.channel = moved.channel
    RETURN kept
  }
  WITH moved, head(collect(kept)) AS kept
  WITH moved, kept, [j IN range(0, size(coalesce(moved.observed_key, [])) - 1)
                     WHERE kept.observed_key IS NOT NULL AND NOT moved.observed_key[j] IN kept.observed_key] AS fresh
  SET kept = apoc.map.merge(properties(moved), properties(kept))
  SET kept.observed = kept.observed + [j IN fresh | moved.observed[j]],
      kept.observed_weight = kept.observed_weight + [j IN fresh | moved.observed_weight[j]],
      kept.observed_key = kept.observed_key + [j IN fresh | moved.observed_key[j]]
  SET kept.weight = CASE WHEN kept.observed_weight IS NULL THEN kept.weight
                         ELSE reduce(total = 0.0, w IN kept.observed_weight | total + w) END
  DELETE moved
  RETURN count(*) AS merged_ties
}
WITH alias, canonical, alias.id AS folded,
     COLLECT {
       UNWIND coalesce(canonical.aliases, []) + [a IN coalesce(alias.aliases, []) WHERE a <> canonical.id] AS a
       WITH DISTINCT a
       RETURN a ORDER BY a
     } AS aliases,
     [label IN labels(canonical) WHERE label IN ["Person", "Organization", "WebPage"]] AS kinds
CALL apoc.refactor.mergeNodes([canonical, alias], {properties: "discard", mergeRels: false}) YIELD node
REMOVE node:Person:Organization:WebPage
SET node:$(kinds), node.aliases = CASE WHEN size(aliases) > 0 THEN aliases END
WITH node, folded
CALL (node, folded) {
  MATCH (lookup:NetnpAlias {id: folded})
  SET lookup.id = node.id
}
WITH node
CALL (node) {
  MATCH (node)-[loop]->(node)
  WITH type(loop) AS type, loop.channel AS channel, collect(loop) AS loops
  WHERE size(loops) > 1
  WITH head(loops) AS kept, tail(loops) AS extra
  SET kept = reduce(props = properties(kept), r IN extra | apoc.map.merge(properties(r), props))
  FOREACH (r IN extra | DELETE r)
  RETURN count(*) AS merged_loops
}
RETURN count(node) AS folded
