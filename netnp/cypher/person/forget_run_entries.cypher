// Removes an entity's entries from the results every analysis run kept
// (docs/analysis-results.md, "Runs"): position i of every parallel array of
// a `nodes` or `roles` chunk whose `id` is one of $ids, and of a `pairs`
// chunk whose `source` or `target` is. The other entries keep their order, so
// entry i of every array is still about the same node or pair.
//
// Parameters:
//   $ids: the entity's id and aliases. Example: ["p:ana", "ana@example.org"]
//
// Returns: one row per part touched: part, chunks, entries (how many entries were removed).
// Mode: write
MATCH (c:NetnpRunChunk)
WHERE (c.part IN ['nodes', 'roles'] AND any(x IN c.id WHERE x IN $ids))
   OR (c.part = 'pairs' AND (any(x IN c.source WHERE x IN $ids) OR any(x IN c.target WHERE x IN $ids)))
WITH c, CASE WHEN c.part = 'pairs' THEN size(c.source) ELSE size(c.id) END AS entries,
     CASE WHEN c.part = 'pairs'
          THEN [i IN range(0, size(c.source) - 1) WHERE NOT (c.source[i] IN $ids OR c.target[i] IN $ids)]
          ELSE [i IN range(0, size(c.id) - 1) WHERE NOT c.id[i] IN $ids] END AS keep
WITH c, keep, entries - size(keep) AS removed,
     [key IN keys(c) WHERE NOT key IN ['run', 'part', 'index', 'role']
                       AND valueType(c[key]) STARTS WITH 'LIST' AND size(c[key]) = entries] AS arrays
UNWIND arrays AS key
SET c[key] = [i IN keep | c[key][i]]
WITH DISTINCT c, removed
RETURN c.part AS part, count(c) AS chunks, sum(removed) AS entries
ORDER BY part
