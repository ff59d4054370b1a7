// Node counts by kind (Person, Organization, WebPage), then all nodes.
// The kind counts come from Neo4j's count store, in constant time.
// (WITH count(…) first: a literal beside an aggregate would be a grouping
// key, and an empty graph would give no row at all.)
//
// Parameters: none
//
// Returns: one row per kind, then one for 'all': kind, nodes.
// Mode: read
MATCH (n:Person) WITH count(n) AS nodes RETURN 'Person' AS kind, nodes
UNION ALL
MATCH (n:Organization) WITH count(n) AS nodes RETURN 'Organization' AS kind, nodes
UNION ALL
MATCH (n:WebPage) WITH count(n) AS nodes RETURN 'WebPage' AS kind, nodes
UNION ALL
MATCH (n) WHERE NOT n:NetnpMeta AND NOT n:NetnpAlias WITH count(n) AS nodes RETURN 'all' AS kind, nodes
