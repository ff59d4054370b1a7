// Records one batch of crawl results in a single transaction, so that a crawl
// interrupted at any point leaves a consistent state: the pages discovered
// through links (queued for fetching, or only discovered), the pages fetched
// (status, HTTP status, title, time), their LINKS_TO ties (weight = how many
// times the source page links to the target), redirects and canonical URLs as
// REDIRECTS_TO ties, each page's PART_OF tie to its web entity, and the job's
// count of fetched pages. Every write is a MERGE, so recording a batch twice
// creates nothing twice. A page's depth is the smallest depth it was found at.
// The index hints keep look-ups on the Entity id index even when the plan was
// made while the graph was still empty.
//
// Parameters:
//   $job: the crawl job's key. Example: "crawl:3fa2b1c0d4e5"
//   $discovered: pages found through links or redirects: id, host, entity, entity_mode, depth, queue (true when this job will fetch it). Example: [{"id": "https://example.org/about", "host": "example.org", "entity": "web:example.org", "entity_mode": "domain", "depth": 1, "queue": true}]
//   $pages: pages fetched: id, host, entity, entity_mode, depth, status, http_status, content_type, title, error, canonical, bytes, fetch_ms, fetched_at (ISO time). Example: [{"id": "https://example.org/", "host": "example.org", "entity": "web:example.org", "entity_mode": "domain", "depth": 0, "status": "fetched", "http_status": 200, "content_type": "text/html", "title": "Example", "error": null, "canonical": null, "bytes": 1256, "fetch_ms": 35, "fetched_at": "2026-11-25T10:00:00Z"}]
//   $links: hyperlinks between pages: source, target, weight. Example: [{"source": "https://example.org/", "target": "https://example.org/about", "weight": 2}]
//   $redirects: redirects and canonical URLs: source, target, kind ('http' or 'canonical'), http_status. Example: [{"source": "http://example.org/", "target": "https://example.org/", "kind": "http", "http_status": 301}]
//   $fetched: how many fetches this batch adds to the job's count. Example: 1
//   $provenance: source, import id (the job) and ISO time, as for imports. Example: {"source": "crawl", "import_id": "crawl:3fa2b1c0d4e5", "imported_at": "2026-11-25T10:00:00Z"}
//
// Returns: one row: pages, links (how many rows were recorded).
// Mode: write
CALL () {
  UNWIND $discovered AS d
  MERGE (p:Entity {id: d.id})
  ON CREATE SET p:WebPage, p.name = d.id, p.url = d.id,
                p.netnp_crawl_status = CASE WHEN d.queue THEN 'queued' ELSE 'discovered' END,
                p.netnp_crawl_depth = d.depth,
                p.netnp_crawl_jobs = CASE WHEN d.queue THEN [$job] ELSE [] END,
                p.netnp_source = $provenance.source,
                p.netnp_import_id = $provenance.import_id,
                p.netnp_imported_at = datetime($provenance.imported_at)
  ON MATCH SET p.netnp_crawl_status = CASE
                 WHEN d.queue AND coalesce(p.netnp_crawl_status, 'discovered') = 'discovered' THEN 'queued'
                 ELSE p.netnp_crawl_status END,
               p.netnp_crawl_depth = CASE
                 WHEN p.netnp_crawl_depth IS NULL OR d.depth < p.netnp_crawl_depth THEN d.depth
                 ELSE p.netnp_crawl_depth END,
               p.netnp_crawl_jobs = CASE
                 WHEN d.queue AND NOT $job IN coalesce(p.netnp_crawl_jobs, []) THEN coalesce(p.netnp_crawl_jobs, []) + $job
                 ELSE p.netnp_crawl_jobs END
  SET p.url = d.id, p.host = d.host
  MERGE (e:WebEntity {id: d.entity})
  ON CREATE SET e.name = substring(d.entity, 4), e.mode = d.entity_mode
  MERGE (p)-[:PART_OF]->(e)
}
CALL () {
  UNWIND $pages AS r
  MERGE (p:Entity {id: r.id})
  ON CREATE SET p:WebPage, p.url = r.id,
                p.netnp_source = $provenance.source,
                p.netnp_import_id = $provenance.import_id,
                p.netnp_imported_at = datetime($provenance.imported_at)
  SET p.name = CASE WHEN p.name IS NULL OR p.name = p.id THEN coalesce(r.title, r.id) ELSE p.name END,
      p.title = r.title,
      p.host = r.host,
      p.netnp_crawl_status = r.status,
      p.netnp_http_status = r.http_status,
      p.netnp_content_type = r.content_type,
      p.netnp_crawl_error = r.error,
      p.netnp_canonical = r.canonical,
      p.netnp_bytes = r.bytes,
      p.netnp_fetch_ms = r.fetch_ms,
      p.netnp_fetched_at = datetime(r.fetched_at),
      p.netnp_crawl_depth = CASE
        WHEN p.netnp_crawl_depth IS NULL OR r.depth < p.netnp_crawl_depth THEN r.depth
        ELSE p.netnp_crawl_depth END,
      p.netnp_crawl_jobs = CASE
        WHEN $job IN coalesce(p.netnp_crawl_jobs, []) THEN p.netnp_crawl_jobs
        ELSE coalesce(p.netnp_crawl_jobs, []) + $job END
  MERGE (e:WebEntity {id: r.entity})
  ON CREATE SET e.name = substring(r.entity, 4), e.mode = r.entity_mode
  MERGE (p)-[:PART_OF]->(e)
}
CALL () {
  UNWIND $links AS l
  MATCH (a:Entity:WebPage {id: l.source}) USING INDEX a:Entity(id)
  MATCH (b:Entity:WebPage {id: l.target}) USING INDEX b:Entity(id)
  MERGE (a)-[t:LINKS_TO {channel: 'web'}]->(b)
  SET t.weight = toFloat(l.weight),
      t.netnp_source = $provenance.source,
      t.netnp_import_id = $provenance.import_id,
      t.netnp_imported_at = datetime($provenance.imported_at)
}
CALL () {
  UNWIND $redirects AS r
  MATCH (a:Entity:WebPage {id: r.source}) USING INDEX a:Entity(id)
  MATCH (b:Entity:WebPage {id: r.target}) USING INDEX b:Entity(id)
  MERGE (a)-[t:REDIRECTS_TO {channel: 'web'}]->(b)
  SET t.weight = 1.0,
      t.kind = r.kind,
      t.http_status = r.http_status,
      t.netnp_source = $provenance.source,
      t.netnp_import_id = $provenance.import_id,
      t.netnp_imported_at = datetime($provenance.imported_at)
}
OPTIONAL MATCH (j:NetnpMeta {key: $job})
SET j.pages_fetched = coalesce(j.pages_fetched, 0) + $fetched,
    j.updated_at = datetime()
RETURN size($pages) AS pages, size($links) AS links
