// Sets the role labels Hub, Core, Periphery and Bridge, and the list netnp_roles, from the measures and thresholds.
// Hub: PageRank >= $hub_pagerank_min and degree >= $hub_degree_min.
// Core: coreness >= $core_min. Periphery: coreness <= $periphery_max.
// Bridge: an articulation point, or participation >= $bridge_participation_min,
// or betweenness >= $bridge_betweenness_min (and > 0).
// A null threshold or a missing measure never grants the role.
//
// Parameters:
//   $hub_pagerank_min: least PageRank of a hub. Example: 0.05
//   $hub_degree_min: least degree of a hub. Example: 10
//   $core_min: least coreness of a core node. Example: 4
//   $periphery_max: greatest coreness of a peripheral node. Example: 2
//   $bridge_participation_min: least participation coefficient of a bridge. Example: 0.5
//   $bridge_betweenness_min: least betweenness of a bridge. Example: 0.1
//   $batch_size: nodes per transaction; transactions run concurrently and never write the same node or tie. Example: 10000
//
// Returns: one row per role: role, nodes.
// Mode: write
MATCH (n:NetnpAnalysed)
CALL (n) {
  WITH n,
       coalesce(n.netnp_pagerank >= $hub_pagerank_min AND n.netnp_degree >= $hub_degree_min, false) AS hub,
       coalesce(n.netnp_coreness >= $core_min, false) AS core,
       coalesce(n.netnp_coreness <= $periphery_max, false) AS periphery,
       (coalesce(n.netnp_articulation, false)
        OR coalesce(n.netnp_participation >= $bridge_participation_min, false)
        OR coalesce(n.netnp_betweenness >= $bridge_betweenness_min AND n.netnp_betweenness > 0, false)) AS bridge
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
