// Account features
// One row per account: profile, latest status, bin sizes and the items behind them, like/retweet counts,
// the latest Botometer v4 and Lite scores. Aggregated in the database, not row by row.
// Parameters: none.
MATCH (a:Account)
WITH a,
     COLLECT { MATCH (a)-[:SCORED]->(s:BotScore {version: 'v4'}) RETURN s ORDER BY s.scored_at DESC LIMIT 1 }[0] AS v4,
     COLLECT { MATCH (a)-[:SCORED]->(s:BotScore {version: 'lite'}) RETURN s ORDER BY s.scored_at DESC LIMIT 1 }[0] AS lite,
     COLLECT { MATCH (a)-[:IN_BIN]->(b:Bin) RETURN {relation: b.relation, uid: b.uid, run_id: b.run_id} } AS bins
RETURN a.uid AS uid, a.platform AS platform, a.id AS id, a.screen_name AS screen_name,
       a.created_at AS created_at, a.protected AS protected, a.verified AS verified,
       a.followers_count AS followers_count, a.following_count AS following_count,
       a.tweet_count AS tweet_count, a.listed_count AS listed_count,
       a.status AS status, a.status_checked_at AS status_checked_at,
       a.status_error_title AS status_error_title, a.status_error_detail AS status_error_detail,
       a.bin_size_likes AS bin_size_likes, a.bin_items_likes AS bin_items_likes,
       a.bin_size_retweets AS bin_size_retweets, a.bin_items_retweets AS bin_items_retweets,
       a.bin_size_both AS bin_size_both, a.bin_items_both AS bin_items_both,
       bins,
       COUNT { (a)-[:LIKED]->() } AS likes_given, COUNT { (a)-[:RETWEETED]->() } AS retweets_given,
       COUNT { (a)-[:SHARED]->() } AS shares,
       properties(v4) AS v4, properties(lite) AS lite
ORDER BY uid
