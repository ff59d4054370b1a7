// Takes a read lock on the Turnstile nodes of the given ids, which it holds until its transaction ends: a
// transaction that writes one of them waits until then.
//
// Parameters:
//   $ids: the ids of the nodes to lock. Example: ["gate"]
//
// Returns: one row: locked (nodes).
// Mode: read
MATCH (n:Turnstile)
WHERE n.id IN $ids
WITH collect(n) AS nodes
CALL apoc.lock.read.nodes(nodes)
RETURN size(nodes) AS locked
