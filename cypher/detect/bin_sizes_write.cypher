// Identical-neighbourhood bins: write the bin size and item count of accounts binned outside Neo4j
// Each row is one qualifying account, as an engine outside Neo4j (Spark) grouped it: the size of its
// bin (1 when alone) and the number of distinct items in its set. Accounts the graph lacks are skipped.
// Parameters:
//   :param size_key => 'bin_size_likes'
//   :param items_key => 'bin_items_likes'
//   :param rows => [{account: 'twitter:1', size: 3, n_items: 5}]
UNWIND $rows AS row
MATCH (a:Account {uid: row.account})
SET a[$size_key] = row.size, a[$items_key] = row.n_items
RETURN count(a) AS accounts
