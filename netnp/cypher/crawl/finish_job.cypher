// Records how a crawl run ended: 'done' (nothing left within the depth),
// 'stopped' (the page budget was reached), 'interrupted' (stopped by the user
// or an error; the next run resumes it).
//
// Parameters:
//   $job: the crawl job's key. Example: "crawl:3fa2b1c0d4e5"
//   $status: 'done', 'stopped' or 'interrupted'. Example: "done"
//
// Returns: one row per job found: key, status, pages_fetched.
// Mode: write
MATCH (j:NetnpMeta {key: $job})
SET j.status = $status,
    j.updated_at = datetime(),
    j.finished_at = CASE WHEN $status = 'done' THEN datetime() ELSE j.finished_at END
RETURN j.key AS key, j.status AS status, j.pages_fetched AS pages_fetched
