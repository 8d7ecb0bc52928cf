// Bins: one-item bins apart from the rest
// Kind: question
// How many bins of a relation hold a single item (accounts that engaged with one and the same post: mostly
// a popular post, an artefact) and how many hold two or more, with the accounts in them and the largest.
// Parameters: relation ('likes' | 'retweets' | 'both').
// :param relation => 'likes'
MATCH (b:Bin {relation: $relation})
RETURN b.n_items = 1 AS one_item, count(b) AS bins, sum(b.size) AS accounts, max(b.size) AS largest
ORDER BY one_item
