// Delete every relationship in batches (run before db/wipe on big graphs)
// db/wipe detaches nodes 10,000 at a time; around very popular objects that one transaction can
// exceed the server's transaction memory limit, so relationships go first, in small batches.
// Parameters: none.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS
