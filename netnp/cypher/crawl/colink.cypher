// Co-link analysis, as in Issue Crawler (Rogers 2010): the web entities that
// receive hyperlinks from the pages of at least $min_seeds distinct seed
// entities. A seed's links to itself do not count; a seed entity is kept
// when other seeds link to it.
// Reference: Rogers, R. (2010). Mapping public web space with the
// Issuecrawler. In Digital Cognitive Technologies, 89-99.
//
// Parameters:
//   $seed_entities: ids of the seed web entities. Example: ["web:example.org", "web:example.net"]
//   $min_seeds: the least number of distinct seeds that must link to an entity. Example: 2
//
// Returns: one row per co-linked entity, most co-linked first: entity, name, seeds (how many seeds link to it), linked_by (their ids), links (summed page-link weights), is_seed, owners (ids of organisations owning it).
// Mode: read
MATCH (s:WebEntity)
WHERE s.id IN $seed_entities
MATCH (s)<-[:PART_OF]-(:WebPage)-[l:LINKS_TO]->(:WebPage)-[:PART_OF]->(t:WebEntity)
WHERE t <> s AND t.mode = s.mode
WITH t, collect(DISTINCT s.id) AS linked_by, sum(l.weight) AS links
WHERE size(linked_by) >= $min_seeds
OPTIONAL MATCH (o:Organization)-[:OWNS]->(t)
WITH t, linked_by, links, collect(o.id) AS owners
RETURN t.id AS entity, t.name AS name, size(linked_by) AS seeds, linked_by, links,
       t.id IN $seed_entities AS is_seed, owners
ORDER BY seeds DESC, links DESC, entity
