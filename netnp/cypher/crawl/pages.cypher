// The crawled web pages with their crawl state, for inspection and export.
//
// Parameters: none
//
// Returns: one row per web page: id, name, status, http_status, depth, entities (ids of the web entities it is part of), jobs, canonical, error, fetched_at.
// Mode: read
MATCH (p:WebPage)
OPTIONAL MATCH (p)-[:PART_OF]->(e:WebEntity)
WITH p, collect(e.id) AS entities
RETURN p.id AS id, p.name AS name, p.netnp_crawl_status AS status, p.netnp_http_status AS http_status,
       p.netnp_crawl_depth AS depth, entities, coalesce(p.netnp_crawl_jobs, []) AS jobs,
       p.netnp_canonical AS canonical, p.netnp_crawl_error AS error, toString(p.netnp_fetched_at) AS fetched_at
ORDER BY id
