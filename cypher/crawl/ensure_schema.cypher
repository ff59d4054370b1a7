// Makes the id of web entities (the WebEntity nodes that group crawled pages
// by registered domain or host) unique, which also indexes it. Idempotent;
// the crawler runs it before each crawl.
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
CREATE CONSTRAINT web_entity_id_unique IF NOT EXISTS
FOR (e:WebEntity) REQUIRE e.id IS UNIQUE
