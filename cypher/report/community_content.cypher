// What each community shared
// Kind: question
// Per community of the given runs: every object (any kind) its members shared, and how often.
// The report and the alert labels pick each community's most distinctive domains, hashtags and terms.
// Parameters: runs, a list of {run_id, kind}.
// :param runs => [{run_id: 'run-link', kind: 'link'}]
UNWIND $runs AS run
MATCH (k:Community {run_id: run.run_id})<-[:IN_COMMUNITY {run_id: run.run_id}]-(a:Account)-[s:SHARED]->(o:Object)
WHERE k.kind IS NULL OR k.kind = run.kind
RETURN k.uid AS group_id, o.kind AS kind, o.key AS key, o.text AS text, count(s) AS shares
ORDER BY group_id, shares DESC, key
