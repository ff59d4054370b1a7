// The hyperlinks (LINKS_TO) and redirects (REDIRECTS_TO, from HTTP redirects
// and canonical URLs) between web pages.
//
// Parameters: none
//
// Returns: one row per tie: source, type, target, weight, kind (for redirects: 'http' or 'canonical').
// Mode: read
MATCH (a:WebPage)-[r:LINKS_TO|REDIRECTS_TO]->(b:WebPage)
RETURN a.id AS source, type(r) AS type, b.id AS target, r.weight AS weight, r.kind AS kind
ORDER BY source, type, target
