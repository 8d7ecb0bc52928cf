// Behavioural traces: which objects of the given kinds each account shared
// One row per share (account, kind, object key) as three parallel lists (fast over Bolt); the trace of an
// account is the multiset of its objects, e.g. the hashtags it used, the domains it linked to, the posts
// it retweeted.
// Parameters:
//   :param kinds => ['hashtag', 'domain', 'retweet']
UNWIND $kinds AS kind
MATCH (o:Object {kind: kind})<-[:SHARED]-(a:Account)
RETURN collect(a.uid) AS accounts, collect(kind) AS kinds, collect(o.key) AS keys
