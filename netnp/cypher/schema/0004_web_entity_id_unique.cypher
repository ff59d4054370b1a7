// Schema 4: the crawler's web entities (WebEntity nodes, which group crawled
// pages by registered domain or host) have a unique `id`; the constraint also
// indexes it, so the crawl MERGEs web entities in O(log n).
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
CREATE CONSTRAINT web_entity_id_unique IF NOT EXISTS
FOR (e:WebEntity) REQUIRE e.id IS UNIQUE
