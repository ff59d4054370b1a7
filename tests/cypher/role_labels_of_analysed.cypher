// How many nodes carry each role label on the graph, and how many carry the netnp_ results of each run.
//
// Parameters: none
//
// Returns: one row: hub, core, periphery, bridge, by_run (a list of [run, nodes]).
// Mode: read
MATCH (n:Entity)
WITH count(CASE WHEN n:Hub THEN 1 END) AS hub, count(CASE WHEN n:Core THEN 1 END) AS core,
     count(CASE WHEN n:Periphery THEN 1 END) AS periphery, count(CASE WHEN n:Bridge THEN 1 END) AS bridge,
     collect(n.netnp_run) AS runs
UNWIND CASE WHEN runs = [] THEN [null] ELSE runs END AS run
WITH hub, core, periphery, bridge, run, count(run) AS nodes
RETURN hub, core, periphery, bridge, [x IN collect([run, nodes]) WHERE x[0] IS NOT NULL] AS by_run
