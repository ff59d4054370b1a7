// Test support: drops the constraint of tests/cypher/require_unique_email.
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
DROP CONSTRAINT test_unique_email IF EXISTS
