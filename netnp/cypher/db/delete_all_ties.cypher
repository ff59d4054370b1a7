// Deletes every tie, in batches: the first step of emptying the graph.
// Deleting ties before nodes keeps each transaction small even around a hub
// with hundreds of thousands of ties, which one DETACH DELETE would hold at once.
// Runs in batched transactions, so it needs an auto-commit transaction: in
// Browser, prefix it with :auto.
//
// Parameters:
//   $batch_size: ties deleted per transaction. Example: 10000
//
// Returns: nothing.
// Mode: write
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF $batch_size ROWS
