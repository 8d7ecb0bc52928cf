// Account features
// Kind: question
// One row per account: profile, latest status, bin sizes and the items behind them, like/retweet/share counts,
// the latest Botometer v4 and Lite scores. Aggregated in the database, not row by row.
// Times are returned as epoch milliseconds (UTC): decoding temporal values in the Python driver costs far more.
// Parameters: none.
MATCH (a:Account)
WITH a,
     COLLECT { MATCH (a)-[:SCORED]->(s:BotScore {version: 'v4'}) RETURN s ORDER BY s.scored_at DESC LIMIT 1 }[0] AS v4,
     COLLECT { MATCH (a)-[:SCORED]->(s:BotScore {version: 'lite'}) RETURN s ORDER BY s.scored_at DESC LIMIT 1 }[0] AS lite
RETURN a.uid AS uid, a.platform AS platform, a.id AS id, a.screen_name AS screen_name,
       a.created_at.epochMillis AS created_at, a.protected AS protected, a.verified AS verified,
       a.followers_count AS followers_count, a.following_count AS following_count,
       a.tweet_count AS tweet_count, a.listed_count AS listed_count,
       a.status AS status, a.status_checked_at.epochMillis AS status_checked_at,
       a.status_error_title AS status_error_title, a.status_error_detail AS status_error_detail,
       a.bin_size_likes AS bin_size_likes, a.bin_items_likes AS bin_items_likes,
       a.bin_size_retweets AS bin_size_retweets, a.bin_items_retweets AS bin_items_retweets,
       a.bin_size_both AS bin_size_both, a.bin_items_both AS bin_items_both,
       COLLECT { MATCH (a)-[:IN_BIN]->(b:Bin) RETURN b.relation + ' ' + b.uid } AS bins,
       COUNT { (a)-[:LIKED]->() } AS likes_given, COUNT { (a)-[:RETWEETED]->() } AS retweets_given,
       COUNT { (a)-[:SHARED]->() } AS shares,
       v4.raw_universal_overall AS raw_universal_overall,
       v4.raw_universal_astroturf AS raw_universal_astroturf,
       v4.raw_universal_fake_follower AS raw_universal_fake_follower,
       v4.raw_universal_financial AS raw_universal_financial,
       v4.raw_universal_other AS raw_universal_other,
       v4.raw_universal_self_declared AS raw_universal_self_declared,
       v4.raw_universal_spammer AS raw_universal_spammer,
       v4.raw_english_overall AS raw_english_overall,
       v4.raw_english_astroturf AS raw_english_astroturf,
       v4.raw_english_fake_follower AS raw_english_fake_follower,
       v4.raw_english_financial AS raw_english_financial,
       v4.raw_english_other AS raw_english_other,
       v4.raw_english_self_declared AS raw_english_self_declared,
       v4.raw_english_spammer AS raw_english_spammer,
       v4.cap_universal AS cap_universal, v4.cap_english AS cap_english,
       v4.majority_lang AS v4_majority_lang, v4.scored_at.epochMillis AS v4_scored_at,
       lite.lite AS lite, lite.scored_at.epochMillis AS lite_scored_at
ORDER BY uid
