// Coordinated edges
// Kind: question
// The COORDINATED edges of the given co-sharing runs (stored once per pair; read undirected).
// Parameters: runs, a list of {run_id, kind}.
// :param runs => [{run_id: 'run-link', kind: 'link'}]
UNWIND $runs AS run
MATCH (a:Account)-[c:COORDINATED {run_id: run.run_id}]->(b:Account)
WHERE c.kind = run.kind
RETURN a.uid AS source, b.uid AS target, c.kind AS kind, c.run_id AS run_id, c.weight AS weight,
       c.pairs AS pairs, c.mean_gap_s AS mean_gap_s, c.min_gap_s AS min_gap_s, c.p_value AS p_value
ORDER BY kind, source, target
