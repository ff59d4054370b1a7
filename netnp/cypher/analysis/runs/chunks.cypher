// The chunks a run kept of one part, in order, with the arrays $columns (all of them when null).
//
// Parameters:
//   $run: the run's id. Example: "run-2026-11-25T10:00:00Z-ab12"
//   $part: nodes, pairs, communities or roles. Example: "nodes"
//   $columns: names of the arrays to read, or null for all. Example: ["id", "degree", "pagerank"]
//
// Returns: one row per chunk: index, role (for part roles), columns (a map of the arrays; an array the run did not keep is null).
// Mode: read
MATCH (c:NetnpRunChunk {run: $run, part: $part})
RETURN c.index AS index, c.role AS role,
       CASE WHEN $columns IS NULL THEN properties(c) ELSE apoc.map.fromLists($columns, [k IN $columns | c[k]]) END
         AS columns
ORDER BY c.role, c.index
