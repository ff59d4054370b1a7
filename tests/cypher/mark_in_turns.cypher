// Marks nodes from concurrent transactions, one per order, each locking its nodes in the order given.
// A transaction marks its start node, then its first node, then takes a write lock on the gate node, then
// marks its second node. Two orders that name the same two nodes the other way round deadlock when both
// transactions marked their first node before either passed the gate; a transaction kept from marking its
// start node cannot get in the other's way.
//
// Parameters:
//   $orders: per transaction, the ids of its start, first and second node. Example: [["s1", "a", "b"], ["s2", "b", "a"]]
//   $mark: the value written. Example: 1
//
// Returns: one row: orders (run).
// Mode: write
UNWIND $orders AS order
CALL (order) {
  MATCH (start:Turnstile {id: order[0]}), (first:Turnstile {id: order[1]}), (gate:Turnstile {id: "gate"}),
        (second:Turnstile {id: order[2]})
  SET start.mark = $mark
  WITH first, gate, second
  SET first.mark = $mark
  WITH gate, second
  CALL apoc.lock.nodes([gate])
  SET second.mark = $mark
} IN CONCURRENT TRANSACTIONS OF 1 ROW
RETURN count(*) AS orders
