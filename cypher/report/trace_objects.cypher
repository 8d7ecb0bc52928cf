// Objects behind alike behavioural traces (alert candidates)
// Kind: question
// For each given traces run (detect traces): every object of the run's traced kinds (hashtags, domains,
// retweeted posts) that two accounts joined by a COORDINATED edge of that run both shared, at any time
// (trace similarity needs no common minute), and that is theirs: they are at least min_share of the
// accounts that ever shared it (users), and users is at most max_users (the run's informative tokens: max_df
// of the accounts with traces; no limit when null). The same columns as report/coordinated_objects
// (kind = the object's kind), with every share of those accounts of the object, plus users: 9 of 11 users
// having alike traces is the finding; 2 of 600 is a popular hashtag, not a trace.
// Parameters: runs, a list of {run_id, kinds, max_users, min_share}.
// :param runs => [{run_id: 'traces-3f2a9c0d1e2b4a5c', kinds: ['hashtag', 'domain', 'retweet'], max_users: 40, min_share: 0.5}]
UNWIND $runs AS run
MATCH (a:Account)-[c:COORDINATED {run_id: run.run_id}]->(b:Account)
WHERE c.kind = 'traces'
CALL (a, b, run) {
  MATCH (a)-[:SHARED]->(o:Object)<-[:SHARED]-(b)
  WHERE o.kind IN run.kinds
  RETURN DISTINCT o
}
UNWIND [a, b] AS acc
WITH DISTINCT run, o, acc
WITH run, o, collect(acc) AS accounts
WITH run, o, accounts, COUNT { MATCH (x:Account)-[:SHARED]->(o) RETURN DISTINCT x } AS users
WHERE (run.max_users IS NULL OR users <= run.max_users) AND size(accounts) >= run.min_share * users
UNWIND accounts AS acc
MATCH (acc)-[s:SHARED]->(o)
OPTIONAL MATCH (p:Post) WHERE p.uid IN [s.post_id, acc.platform + ':' + s.post_id]
WITH run, o, users, accounts, acc, s,
     max(coalesce(p.like_count, 0) + coalesce(p.retweet_count, 0) + coalesce(p.reply_count, 0)
         + coalesce(p.quote_count, 0) + coalesce(p.share_count, 0) + coalesce(p.comment_count, 0)) AS engagement
WITH run, o, users, accounts, collect(s.at.epochMillis) AS times, count(s) AS shares, sum(engagement) AS engagement
RETURN run.run_id AS run_id, o.kind AS kind, o.uid AS object_uid, o.key AS object_key, o.text AS object_text,
       [x IN accounts | x.uid] AS accounts, times, shares, engagement, users,
       COLLECT { UNWIND accounts AS x
                 MATCH (x)-[:IN_COMMUNITY {run_id: run.run_id}]->(k:Community)
                 RETURN DISTINCT {uid: k.uid, algorithm: k.algorithm} } AS communities
ORDER BY kind, object_uid
