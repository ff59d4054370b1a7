// The people and organisations that identity matching compares: for each, what
// says who it is (id, kind, name, aliases, and the properties named in $keys,
// whose names look like an e-mail address, a phone number, a handle or a web
// address: the caller picks them among the database's property names) and its
// neighbours, so that `netnp identities suggest` can match them in Python.
// Web pages are left out: their ids are normalised URLs already. Rows stream
// in no particular order.
//
// Neighbours are bounded: only those of degree $max_degree or less (a
// neighbour tied to many says little of who someone is), at most
// $max_neighbours per entity, each with its degree. The analyses' own
// relationships (types starting with NETNP_) are not data and are left out.
//
// Parameters:
//   $kinds: the kinds to read. Example: ["Person", "Organization"]
//   $keys: the names of the properties to return when a node has them (those that look like an address, a phone number, a handle or a web address). Example: ["email", "phone", "mastodon", "linkedin", "website"]
//   $max_degree: the largest degree of a neighbour returned. Example: 32
//   $max_neighbours: the most neighbours returned per entity. Example: 50
//
// Returns: one row per entity: id, kind, name, aliases (a list), identifiers (a list of [property, value] pairs), neighbours (a list of [id, degree] pairs).
// Mode: read
MATCH (n:Entity)
WHERE any(label IN labels(n) WHERE label IN $kinds)
RETURN n.id AS id,
       [label IN labels(n) WHERE label IN $kinds][0] AS kind,
       n.name AS name,
       coalesce(n.aliases, []) AS aliases,
       [key IN $keys WHERE n[key] IS NOT NULL | [key, n[key]]] AS identifiers,
       COLLECT {
         MATCH (n)-[r]-(m:Entity)
         WHERE m <> n AND NOT type(r) STARTS WITH 'NETNP_'
         WITH DISTINCT m
         WITH m, COUNT { (m)--() } AS degree
         WHERE degree <= $max_degree
         RETURN [m.id, degree]
         LIMIT $max_neighbours
       } AS neighbours
