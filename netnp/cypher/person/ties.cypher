// Every tie of some entities, whatever its type and direction, with all its
// properties (weight, channel, dates, observations, provenance, analysis
// results) and the entity at its other end. A loop is returned once.
//
// Parameters:
//   $nodes: element ids of the entities. Example: ["4:f8a3c1e2-0000-0000-0000-000000000000:0"]
//
// Returns: one row per tie and entity: id (the entity's id), tie (element id), type, direction ('out' from the entity, 'in' to it, 'loop'), other_id, other_kind, other_name, properties.
// Mode: read
MATCH (n)
WHERE elementId(n) IN $nodes
MATCH (n)-[r]-(other)
WITH DISTINCT n, r, other
RETURN n.id AS id, elementId(r) AS tie, type(r) AS type,
       CASE WHEN startNode(r) = endNode(r) THEN 'loop' WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       other.id AS other_id,
       coalesce([label IN labels(other) WHERE label IN ["Person", "Organization", "WebPage"]][0], labels(other)[0])
         AS other_kind,
       coalesce(other.name, other.id) AS other_name, properties(r) AS properties
ORDER BY id, type, other_id, tie
