// The people tied to an organisation as members, staff or volunteers (ties
// of $types from a Person to it): what forgetting the organisation takes
// away from them. The people themselves stay.
//
// Parameters:
//   $nodes: element ids of the organisation's entities. Example: ["4:f8a3c1e2-0000-0000-0000-000000000000:0"]
//   $types: the tie types that make a person a member. Example: ["MEMBER_OF", "WORKS_FOR", "VOLUNTEERS_FOR"]
//
// Returns: one row per tie type with members: type, people, ties.
// Mode: read
MATCH (o:Organization)
WHERE elementId(o) IN $nodes
MATCH (p:Person)-[r]->(o)
WHERE type(r) IN $types
RETURN type(r) AS type, count(DISTINCT p) AS people, count(r) AS ties
ORDER BY type
