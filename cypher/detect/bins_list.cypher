// Identical-neighbourhood bins: the bins of a run, biggest first
// Kind: question
// Each bin with its size, number of items and member accounts (screen names where known).
// Parameters:
//   :param run_id => 'bins-3f2a9c0d1e2b4a5c'
//   :param limit => 100
MATCH (b:Bin {run_id: $run_id})<-[:IN_BIN]-(a:Account)
WITH b, a ORDER BY a.uid
RETURN b.key AS key, b.relation AS relation, b.size AS size, b.n_items AS n_items,
       collect(a.uid) AS accounts, collect(coalesce(a.screen_name, a.uid)) AS screen_names
ORDER BY size DESC, n_items DESC, key
LIMIT $limit
