// Wipe the database
// Deletes every node and relationship in batches of 10,000 (run in an auto-commit transaction).
// Parameters: none.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
