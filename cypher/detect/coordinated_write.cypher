// Co-sharing: write COORDINATED edges
// One edge per pair of accounts (from the lower uid to the higher; read it undirected) for one run:
// weight = distinct objects co-shared within the window, pairs = share pairs, mean and minimum gap,
// expected = co-shares the pair would have by chance, p_value = chance of a weight this large.
// Parameters:
//   :param run_id => 'cosharing-3f2a9c0d1e2b4a5c'
//   :param kind => 'link'
//   :param rows => [{source: 'twitter:1', target: 'twitter:2', weight: 3, pairs: 4, mean_gap_s: 12.5, min_gap_s: 3,
//                    expected: 0.002, p_value: 1.3e-9}]
UNWIND $rows AS row
MATCH (a:Account {uid: row.source})
MATCH (b:Account {uid: row.target})
CREATE (a)-[c:COORDINATED {kind: $kind, weight: row.weight, pairs: row.pairs, mean_gap_s: row.mean_gap_s,
                           min_gap_s: row.min_gap_s, expected: row.expected, p_value: row.p_value,
                           run_id: $run_id}]->(b)
RETURN count(c) AS edges
