// Deletes every node (and any tie left: run db/delete_all_ties first, so that
// batches stay small around hubs), but keeps the schema (constraints, indexes)
// and netnp's record of the schema version.
// Runs in batched transactions, so it needs an auto-commit transaction: in
// Browser, prefix it with :auto.
//
// Parameters:
//   $batch_size: nodes deleted per transaction. Example: 10000
//
// Returns: nothing.
// Mode: write
MATCH (n)
WHERE NOT (n:NetnpMeta AND n.key = 'schema')
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch_size ROWS
