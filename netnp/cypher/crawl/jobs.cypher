// The crawl jobs recorded in the graph, newest first.
//
// Parameters: none
//
// Returns: one row per job: key, status, seeds, depth, scope, entity_mode, max_pages, pages_fetched, started_at, updated_at.
// Mode: read
MATCH (j:CrawlJob)
RETURN j.key AS key, j.status AS status, j.seeds AS seeds, j.depth AS depth, j.scope AS scope,
       j.entity_mode AS entity_mode, j.max_pages AS max_pages, j.pages_fetched AS pages_fetched,
       toString(j.started_at) AS started_at, toString(j.updated_at) AS updated_at
ORDER BY j.started_at DESC, j.key
