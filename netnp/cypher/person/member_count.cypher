// How many different people are tied to an organisation as members, staff
// or volunteers (see person/members).
//
// Parameters:
//   $nodes: element ids of the organisation's entities. Example: ["4:f8a3c1e2-0000-0000-0000-000000000000:0"]
//   $types: the tie types that make a person a member. Example: ["MEMBER_OF", "WORKS_FOR", "VOLUNTEERS_FOR"]
//
// Returns: one row: people.
// Mode: read
MATCH (o:Organization)
WHERE elementId(o) IN $nodes
OPTIONAL MATCH (p:Person)-[r]->(o)
WHERE type(r) IN $types
RETURN count(DISTINCT p) AS people
