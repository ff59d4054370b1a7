// Every entity with its kind, its role labels (Hub, Core, Periphery, Bridge,
// written by the analyses) and all its properties, in id order: what
// `netnp export` writes as nodes.
//
// Parameters: none
//
// Returns: one row per entity: id, kind, roles (a list), properties (a map).
// Mode: read
MATCH (n:Entity)
WHERE n.id IS NOT NULL
RETURN n.id AS id,
       [label IN labels(n) WHERE label IN ["Person", "Organization", "WebPage"]][0] AS kind,
       [label IN labels(n) WHERE label IN ["Hub", "Core", "Periphery", "Bridge"]] AS roles,
       properties(n) AS properties
ORDER BY n.id
