// Identical-neighbourhood bins: the posts each bin of a run is about
// Kind: question
// One row per bin of the run: its key and the uids of the posts its members all liked / retweeted
// (the bin's ON relationships), sorted.
// Parameters:
//   :param run_id => 'bins-3f2a9c0d1e2b4a5c'
MATCH (b:Bin {run_id: $run_id})-[:ON]->(p:Post)
WITH b, p.uid AS post
ORDER BY post
RETURN b.key AS key, b.n_items AS n_items, collect(post) AS posts
ORDER BY key
