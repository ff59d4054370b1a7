// Every tie between two entities, with its type and all its properties
// (weight, channel, since, until, provenance, analysis results prefixed
// netnp_), ordered by source id: what `netnp export` writes as edges.
//
// Parameters: none
//
// Returns: one row per tie: source, type, target, properties (a map).
// Mode: read
MATCH (a:Entity)
WHERE a.id IS NOT NULL
WITH a ORDER BY a.id
MATCH (a)-[r]->(b:Entity)
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS properties
