// Co-sharing: write COORDINATED edges
// One edge per pair of accounts (from the lower uid to the higher; read it undirected) for one run:
// weight = distinct objects co-shared within the window, pairs = share pairs, mean and minimum gap,
// expected = co-shares the pair would have by chance, p_value = chance of a weight this large.
// The edges come as columns (one list per property, the i-th entries of all lists make one edge),
// their ends as element ids (detect/account_ids): lists of numbers cost the driver far less than one map
// per edge, and a lookup by element id less than one in the uid index. A run's edges are new (a run
// removes its old results first, detect/run_clear), hence CREATE.
// Parameters:
//   :param run_id => 'cosharing-3f2a9c0d1e2b4a5c'
//   :param kind => 'link'
//   :param source => ['4:0d3c...:17']
//   :param target => ['4:0d3c...:18']
//   :param weight => [3]
//   :param pairs => [4]
//   :param mean_gap_s => [12.5]
//   :param min_gap_s => [3]
//   :param expected => [0.002]
//   :param p_value => [1.3e-9]
UNWIND range(0, size($source) - 1) AS i
MATCH (a:Account) WHERE elementId(a) = $source[i]
MATCH (b:Account) WHERE elementId(b) = $target[i]
CREATE (a)-[c:COORDINATED {kind: $kind, weight: $weight[i], pairs: $pairs[i], mean_gap_s: $mean_gap_s[i],
                           min_gap_s: $min_gap_s[i], expected: $expected[i], p_value: $p_value[i],
                           run_id: $run_id}]->(b)
RETURN count(c) AS edges
