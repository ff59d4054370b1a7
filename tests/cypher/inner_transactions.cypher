// The inner transactions of CALL { … } IN TRANSACTIONS that run now, and how many of them wait for a lock.
//
// Parameters: none
//
// Returns: one row: running, blocked.
// Mode: read
SHOW TRANSACTIONS YIELD outerTransactionId, status
WHERE outerTransactionId <> ""
RETURN count(*) AS running, count(CASE WHEN status STARTS WITH "Blocked" THEN 1 END) AS blocked
