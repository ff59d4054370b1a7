// The web entities (pages grouped by registered domain or host), with their
// owners and their entity-level links to other web entities.
//
// Parameters: none
//
// Returns: one row per web entity: id, name, mode, seed, pages, pages_fetched, owners, links_to (a list of {target, weight, pages}).
// Mode: read
MATCH (e:WebEntity)
OPTIONAL MATCH (o:Organization)-[:OWNS]->(e)
WITH e, collect(o.id) AS owners
OPTIONAL MATCH (e)-[l:LINKS_TO]->(t:WebEntity)
WITH e, owners, collect(CASE WHEN t IS NULL THEN null ELSE {target: t.id, weight: l.weight, pages: l.pages} END) AS links_to
RETURN e.id AS id, e.name AS name, e.mode AS mode, coalesce(e.seed, false) AS seed,
       e.pages AS pages, e.pages_fetched AS pages_fetched, owners, links_to
ORDER BY id
