// Co-sharing: the strongest coordinated pairs of a run
// Kind: question
// Pairs of accounts that shared the same objects within the window, by number of objects co-shared,
// with the co-shares expected by chance and the chance of a weight this large (p_value).
// Parameters:
//   :param run_id => 'cosharing-3f2a9c0d1e2b4a5c'
//   :param limit => 100
MATCH (a:Account)-[c:COORDINATED {run_id: $run_id}]->(b:Account)
RETURN a.uid AS source, b.uid AS target, c.kind AS kind, c.weight AS weight, c.pairs AS pairs,
       c.mean_gap_s AS mean_gap_s, c.min_gap_s AS min_gap_s, c.expected AS expected, c.p_value AS p_value
ORDER BY weight DESC, pairs DESC, source, target
LIMIT $limit
