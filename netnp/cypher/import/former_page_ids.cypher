// Which of the given ids are web pages that an import wrote and no crawl
// recorded: the importer folds such a page, stored under the id an earlier
// netnp gave it, into the page's id (docs/model.md, Web page ids). A page the
// crawler recorded is a URL of its own and is never folded.
//
// Parameters:
//   $ids: the former ids to look up. Example: ["https://example.org/about?a=1&b=2", "https://example.org/blog"]
//
// Returns: one row per id found: id.
// Mode: read
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE n:WebPage AND n.netnp_crawl_status IS NULL
RETURN n.id AS id
