// Co-sharing kinds per run
// Kind: question
// Which (run, kind) pairs the COORDINATED edges carry, with how many edges each. Uses the run_id index.
// Parameters: none.
MATCH ()-[c:COORDINATED]->()
WHERE c.run_id IS NOT NULL
RETURN c.run_id AS run_id, c.kind AS kind, count(*) AS edges
ORDER BY run_id, kind
