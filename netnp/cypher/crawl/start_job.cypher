// Creates a crawl job, or takes up an existing one to resume it. A job is a
// NetnpMeta bookkeeping node with the label CrawlJob; its key is derived from
// its seeds and scope, so running the same crawl again finds it.
//
// Parameters:
//   $job: key, seeds (normalised URLs), depth, scope ('same-site' or 'follow-external'), entity_mode ('domain' or 'host'), max_pages (or null), user_agent. Example: {"key": "crawl:3fa2b1c0d4e5", "seeds": ["https://example.org/"], "depth": 2, "scope": "same-site", "entity_mode": "domain", "max_pages": 500, "user_agent": "netnp/0.1.0"}
//
// Returns: one row: key, previous_status (null for a new job), pages_fetched so far.
// Mode: write
MERGE (j:NetnpMeta {key: $job.key})
ON CREATE SET j:CrawlJob, j.created_at = datetime(), j.pages_fetched = 0
WITH j, CASE WHEN j.started_at IS NULL THEN null ELSE j.status END AS previous_status
SET j.seeds = $job.seeds,
    j.depth = $job.depth,
    j.scope = $job.scope,
    j.entity_mode = $job.entity_mode,
    j.max_pages = $job.max_pages,
    j.user_agent = $job.user_agent,
    j.status = 'running',
    j.started_at = datetime(),
    j.updated_at = datetime()
RETURN j.key AS key, previous_status, j.pages_fetched AS pages_fetched
