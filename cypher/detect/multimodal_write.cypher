// Multimodal coordination: write the combined COORDINATED edges
// One edge per pair of accounts (lower uid to higher; read it undirected) that co-shared on several kinds
// of object: kind = 'multimodal', kinds = the kinds they co-shared on, kind_weights = the objects
// co-shared per kind (aligned with kinds), weight = their sum, pairs / mean_gap_s / min_gap_s over every
// kind, expected = co-shares expected by chance over all kinds, p_value = chance of a weight this large.
// Parameters:
//   :param run_id => 'multimodal-3f2a9c0d1e2b4a5c'
//   :param rows => [{source: 'facebook:1', target: 'facebook:2', kinds: ['link', 'message'], kind_weights: [1, 1],
//                    weight: 2, pairs: 2, mean_gap_s: 8.5, min_gap_s: 3, expected: 0.0004, p_value: 8e-8}]
UNWIND $rows AS row
MATCH (a:Account {uid: row.source})
MATCH (b:Account {uid: row.target})
CREATE (a)-[c:COORDINATED {kind: 'multimodal', kinds: row.kinds, kind_weights: row.kind_weights,
                           weight: row.weight, pairs: row.pairs, mean_gap_s: row.mean_gap_s,
                           min_gap_s: row.min_gap_s, expected: row.expected, p_value: row.p_value,
                           run_id: $run_id}]->(b)
RETURN count(c) AS edges
