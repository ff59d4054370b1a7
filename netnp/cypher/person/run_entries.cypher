// One entity's entries in the results every analysis run kept
// (docs/analysis-results.md, "Runs"): its entry in the runs' `nodes` chunks
// (every measure), the roles it had (`roles` chunks), and the pairs it is
// one end of (`pairs` chunks), runs in the order they were recorded (their
// sequence number: several runs may start within one second). $ids are the
// entity's id and aliases.
//
// Parameters:
//   $ids: the ids to look for. Example: ["p:ana", "ana@example.org"]
//
// Returns: one row per entry: run, label, started_at, sequence (-1 for a run recorded before sequence numbers), part, role (for 'roles'), chunk (its index), entry (position in the chunk's arrays), values (a map: array name -> this entry's value).
// Mode: read
MATCH (c:NetnpRunChunk)
WHERE (c.part IN ['nodes', 'roles'] AND any(x IN c.id WHERE x IN $ids))
   OR (c.part = 'pairs' AND (any(x IN c.source WHERE x IN $ids) OR any(x IN c.target WHERE x IN $ids)))
WITH c, CASE WHEN c.part = 'pairs'
             THEN [i IN range(0, size(c.source) - 1) WHERE c.source[i] IN $ids OR c.target[i] IN $ids]
             ELSE [i IN range(0, size(c.id) - 1) WHERE c.id[i] IN $ids] END AS found
UNWIND found AS i
OPTIONAL MATCH (run:NetnpRun {id: c.run})
RETURN c.run AS run, run.label AS label, run.started_at AS started_at, coalesce(run.sequence, -1) AS sequence, c.part AS part, c.role AS role,
       c.index AS chunk, i AS entry,
       apoc.map.fromPairs([key IN keys(c) WHERE NOT key IN ['run', 'part', 'index', 'role'] | [key, c[key][i]]])
         AS values
ORDER BY sequence, started_at, run, part, role, chunk, entry
