// What the largest bins engaged with
// Kind: question
// The largest bins of a relation and, per bin, the objects (links, hashtags, messages...) shared in the posts
// the bin's accounts all liked or retweeted.
// Parameters: relation ('likes' | 'retweets' | 'both'), limit (how many bins), min_items (bins of at least
// this many posts: 2 leaves out one-item bins, which are mostly one popular post).
// :param relation => 'likes'
// :param limit => 10
// :param min_items => 2
MATCH (b:Bin {relation: $relation})
WHERE b.n_items >= coalesce($min_items, 1)
WITH b ORDER BY b.size DESC, b.uid LIMIT $limit
OPTIONAL MATCH (b)-[:ON]->(p:Post)<-[:POSTED]-(author:Account)-[s:SHARED]->(o:Object)
WHERE s.post_id IN [p.id, p.uid]
RETURN b.uid AS group_id, b.size AS size, b.n_items AS n_items, b.run_id AS run_id,
       o.kind AS kind, o.key AS key, o.text AS text, count(s) AS shares
ORDER BY size DESC, group_id, shares DESC, key
