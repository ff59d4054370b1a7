// Every tie between two entities, with its type and all its properties
// (weight, channel, since, until, provenance, analysis results prefixed
// netnp_), ordered by source id: what `netnp export` writes as edges.
// The analysis's own view of the graph (relationship types starting with
// NETNP_, such as NETNP_TIE) is not data and is left out.
//
// Parameters: none
//
// Returns: one row per tie: source, type, target, properties (a map).
// Mode: read
MATCH (a:Entity)
WHERE a.id IS NOT NULL
WITH a ORDER BY a.id
MATCH (a)-[r]->(b:Entity)
WHERE NOT type(r) STARTS WITH 'NETNP_'
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS properties
