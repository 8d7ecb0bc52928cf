// Highest observed vs later like counts
// For each post with counts seen by the pull (snapshots, final harvest) and by a later look-up: the
// highest like/retweet count the pull saw, the later count, and how many likes were removed since
// (highest minus later; the likes of accounts deleted or suspended since, and likes taken back).
// A post the later look-up could not see has later_error set and no later counts.
// Parameters (platform null: every platform):
//   :param platform => 'twitter'
MATCH (p:Post)-[:HAD_COUNTS]->(c:CountObservation)
WHERE $platform IS NULL OR p.platform = $platform
WITH p,
     max(CASE WHEN c.source <> 'later look-up' THEN c.like_count END) AS highest_likes,
     max(CASE WHEN c.source <> 'later look-up' THEN c.retweet_count END) AS highest_retweets,
     COLLECT { MATCH (p)-[:HAD_COUNTS]->(l:CountObservation {source: 'later look-up'})
               RETURN l ORDER BY l.observed_at DESC LIMIT 1 }[0] AS later
WHERE later IS NOT NULL
RETURN p.id AS post_id, highest_likes, later.like_count AS later_likes,
       highest_likes - later.like_count AS likes_removed,
       highest_retweets, later.retweet_count AS later_retweets,
       highest_retweets - later.retweet_count AS retweets_removed,
       later.observed_at AS later_at, later.error AS later_error, p.availability AS availability
ORDER BY post_id
