// Co-sharing: the communities of a run, biggest first
// Kind: question
// Each community with its size, density, component and member accounts.
// Parameters:
//   :param run_id => 'cosharing-3f2a9c0d1e2b4a5c'
//   :param limit => 100
MATCH (c:Community {run_id: $run_id})<-[:IN_COMMUNITY]-(a:Account)
WITH c, a ORDER BY a.uid
RETURN c.uid AS uid, c.kind AS kind, c.algorithm AS algorithm, c.size AS size, c.density AS density,
       c.component AS component, collect(a.uid) AS accounts
ORDER BY size DESC, uid
LIMIT $limit
