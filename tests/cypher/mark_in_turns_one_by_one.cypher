// Marks nodes from transactions run one after the other, one per order, each locking its nodes in the order given,
// as mark_in_turns does: start node, first node, a write lock on the gate node, second node. Its own transactions
// never overlap, so it deadlocks only with another query's transactions (another run of it, the other way round).
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
} IN TRANSACTIONS OF 1 ROW
RETURN count(*) AS orders
