// Rebuilds the entity-level network from the page-level one: one LINKS_TO tie
// between two web entities (of the same grouping mode) whose pages link to
// each other, with weight = the summed weights of the page links and pages =
// how many distinct source pages link; each entity's page counts. Web
// entities are not Entity nodes, so the analyses of people, organisations and
// pages do not see them; Browser and the co-link analysis do.
//
// Parameters: none
//
// Returns: one row: entities, entity_links.
// Mode: write
CALL () {
  MATCH (:WebEntity)-[old:LINKS_TO]->(:WebEntity)
  DELETE old
}
CALL () {
  MATCH (e:WebEntity)
  OPTIONAL MATCH (p:WebPage)-[:PART_OF]->(e)
  WITH e, count(p) AS pages, count(CASE WHEN p.netnp_crawl_status = 'fetched' THEN 1 END) AS fetched
  SET e.pages = pages, e.pages_fetched = fetched
}
CALL () {
  MATCH (ea:WebEntity)<-[:PART_OF]-(a:WebPage)-[l:LINKS_TO]->(b:WebPage)-[:PART_OF]->(eb:WebEntity)
  WHERE ea <> eb AND ea.mode = eb.mode
  WITH ea, eb, sum(l.weight) AS weight, count(DISTINCT a) AS pages
  MERGE (ea)-[t:LINKS_TO {channel: 'web'}]->(eb)
  SET t.weight = weight, t.pages = pages
}
MATCH (e:WebEntity)
OPTIONAL MATCH (e)-[t:LINKS_TO]->(:WebEntity)
RETURN count(DISTINCT e) AS entities, count(t) AS entity_links
