// The names and kinds of a few entities, by id; an id no entity has any more gets nulls.
// Growth names the nodes of the lists it shows staff (recommendations, hubs).
//
// Parameters:
//   $ids: netnp ids. Example: ["org:asso", "p:1"]
//
// Returns: one row per id: id, name, kind (Person, Organization or WebPage, or null).
// Mode: read
UNWIND $ids AS id
OPTIONAL MATCH (e:Entity {id: id})
RETURN id, e.name AS name, [k IN labels(e) WHERE k IN ['Person', 'Organization', 'WebPage']][0] AS kind
