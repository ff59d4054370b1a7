// Sets the role labels Hub, Core, Periphery and Bridge, and the list netnp_roles, from the picks of the role rules.
// Hub and Bridge: the nodes netnp/analysis/roles.py picked (the few that stand out by PageRank,
// and by betweenness among brokers). Core: coreness >= $core_min. Periphery: coreness <= $periphery_max.
// A null bound or a missing measure never grants the role.
//
// Parameters:
//   $hubs: ids of the hubs. Example: ["p:1", "org:asso"]
//   $bridges: ids of the bridges. Example: ["p:7"]
//   $core_min: least coreness of a core node. Example: 4
//   $periphery_max: greatest coreness of a peripheral node. Example: 2
//   $batch_size: nodes per transaction; transactions run concurrently and never write the same node or tie. Example: 10000
//
// Returns: one row per role: role, nodes.
// Mode: write
MATCH (n:NetnpAnalysed)
CALL (n) {
  WITH n,
       n.id IN $hubs AS hub,
       coalesce(n.netnp_coreness >= $core_min, false) AS core,
       coalesce(n.netnp_coreness <= $periphery_max, false) AS periphery,
       n.id IN $bridges AS bridge
  FOREACH (_ IN CASE WHEN hub THEN [1] ELSE [] END | SET n:Hub)
  FOREACH (_ IN CASE WHEN core THEN [1] ELSE [] END | SET n:Core)
  FOREACH (_ IN CASE WHEN periphery THEN [1] ELSE [] END | SET n:Periphery)
  FOREACH (_ IN CASE WHEN bridge THEN [1] ELSE [] END | SET n:Bridge)
  SET n.netnp_roles = [role IN [CASE WHEN hub THEN 'Hub' END, CASE WHEN core THEN 'Core' END,
                                CASE WHEN periphery THEN 'Periphery' END, CASE WHEN bridge THEN 'Bridge' END]
                       WHERE role IS NOT NULL]
} IN CONCURRENT TRANSACTIONS OF $batch_size ROWS
UNWIND n.netnp_roles AS role
RETURN role, count(*) AS nodes
