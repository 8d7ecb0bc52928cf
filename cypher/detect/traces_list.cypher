// Behavioural traces: the most similar pairs of a run
// Pairs of accounts whose traces (hashtags used, domains linked, posts retweeted) are unusually alike,
// most similar first, with the number of trace tokens they share.
// Parameters:
//   :param run_id => 'traces-3f2a9c0d1e2b4a5c'
//   :param limit => 100
MATCH (a:Account)-[c:COORDINATED {run_id: $run_id}]->(b:Account)
WHERE c.kind = 'traces'
RETURN a.uid AS source, b.uid AS target, c.similarity AS similarity, c.shared AS shared
ORDER BY similarity DESC, source, target
LIMIT $limit
