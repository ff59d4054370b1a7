// The links and redirects already recorded from pages that an earlier crawl
// fetched, so that a new crawl can follow them without fetching the pages
// again.
//
// Parameters:
//   $urls: the pages' ids (normalised URLs). Example: ["https://example.org/"]
//
// Returns: one row per tie: source, type ('LINKS_TO' or 'REDIRECTS_TO'), target, weight.
// Mode: read
UNWIND $urls AS url
MATCH (p:Entity:WebPage {id: url})-[r:LINKS_TO|REDIRECTS_TO]->(t:WebPage)
USING INDEX p:Entity(id)
RETURN p.id AS source, type(r) AS type, t.id AS target, r.weight AS weight
