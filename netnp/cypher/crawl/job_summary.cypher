// How many pages of a crawl job are in each crawl status.
//
// Parameters:
//   $job: the crawl job's key. Example: "crawl:3fa2b1c0d4e5"
//
// Returns: one row per status: status, pages.
// Mode: read
MATCH (p:WebPage)
WHERE $job IN coalesce(p.netnp_crawl_jobs, [])
RETURN p.netnp_crawl_status AS status, count(*) AS pages
ORDER BY pages DESC, status
