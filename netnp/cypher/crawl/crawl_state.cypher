// The crawl state needed to resume a job: every web page that a crawl has
// queued or handled, with its status and depth. Pages only discovered by a
// link (status 'discovered') are left out unless the job queued them.
//
// Parameters:
//   $job: the key of the job being resumed. Example: "crawl:3fa2b1c0d4e5"
//
// Returns: one row per page: id, status, depth, in_job (true if this job queued it).
// Mode: read
MATCH (p:WebPage)
WHERE p.netnp_crawl_status IS NOT NULL
  AND (p.netnp_crawl_status <> 'discovered' OR $job IN coalesce(p.netnp_crawl_jobs, []))
RETURN p.id AS id, p.netnp_crawl_status AS status, p.netnp_crawl_depth AS depth,
       $job IN coalesce(p.netnp_crawl_jobs, []) AS in_job
