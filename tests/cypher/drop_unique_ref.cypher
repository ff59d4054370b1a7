// Test support: drops the constraint of tests/cypher/require_unique_ref.
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
DROP CONSTRAINT test_unique_ref IF EXISTS
