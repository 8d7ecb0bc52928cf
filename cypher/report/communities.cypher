// Communities of the co-sharing runs
// Kind: question
// Each community of the given runs with its size and density as detection wrote them.
// Parameters: runs, a list of {run_id, kind}.
// :param runs => [{run_id: 'run-link', kind: 'link'}]
UNWIND $runs AS run
MATCH (k:Community {run_id: run.run_id})
WHERE k.kind IS NULL OR k.kind = run.kind
RETURN k.uid AS community, run.kind AS kind, k.run_id AS run_id, k.algorithm AS algorithm, k.size AS size,
       k.density AS density
ORDER BY size DESC, community
