// Multimodal coordination: the pairs of a run
// Pairs of accounts that co-shared objects of several kinds within the window, strongest first: the kinds,
// objects co-shared per kind, their sum, the co-shares expected by chance over all kinds and the p-value.
// Parameters:
//   :param run_id => 'multimodal-3f2a9c0d1e2b4a5c'
//   :param limit => 100
MATCH (a:Account)-[c:COORDINATED {run_id: $run_id}]->(b:Account)
WHERE c.kind = 'multimodal'
RETURN a.uid AS source, b.uid AS target, c.kinds AS kinds, c.kind_weights AS kind_weights, c.weight AS weight,
       c.pairs AS pairs, c.expected AS expected, c.p_value AS p_value
ORDER BY size(kinds) DESC, weight DESC, p_value, source, target
LIMIT $limit
