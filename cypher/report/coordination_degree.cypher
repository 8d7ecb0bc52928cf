// Coordination degree, strength and community per account
// Kind: question
// For each of the given co-sharing runs: each account's number of distinct coordinated partners (degree),
// the summed edge weight (strength), and its communities in that run.
// Parameters: runs, a list of {run_id, kind}.
// :param runs => [{run_id: 'run-link', kind: 'link'}]
UNWIND $runs AS run
MATCH (a:Account)-[c:COORDINATED {run_id: run.run_id}]-(b:Account)
WHERE c.kind = run.kind
WITH run, a, count(DISTINCT b) AS degree, sum(c.weight) AS strength
RETURN a.uid AS uid, a.screen_name AS screen_name, run.kind AS kind, run.run_id AS run_id, degree, strength,
       COLLECT { MATCH (a)-[m:IN_COMMUNITY {run_id: run.run_id}]->(k:Community)
                 WHERE k.kind IS NULL OR k.kind = run.kind
                 RETURN {uid: k.uid, algorithm: k.algorithm} } AS communities
ORDER BY uid, kind
