// Detection run: remove a run's results
// Deletes the bins and communities a run found (with their IN_BIN, ON, IN_COMMUNITY, SPANS links), its
// COORDINATED edges and its CONTINUES matches (persistence), in batches. Runs in an auto-commit
// transaction. The run node itself stays.
// Parameters:
//   :param run_id => 'cosharing-3f2a9c0d1e2b4a5c'
MATCH (:DetectionRun {id: $run_id})-[:FOUND]->(n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS;
MATCH ()-[c:COORDINATED {run_id: $run_id}]->()
CALL (c) { DELETE c } IN TRANSACTIONS OF 10000 ROWS;
MATCH ()-[m:IN_COMMUNITY {run_id: $run_id}]->()
CALL (m) { DELETE m } IN TRANSACTIONS OF 10000 ROWS;
MATCH ()-[k:CONTINUES {run_id: $run_id}]->()
CALL (k) { DELETE k } IN TRANSACTIONS OF 10000 ROWS
