// Count history of a post
// Every like/retweet/reply/quote count seen of one post, in time order, with the source that saw it
// (pull snapshot, final harvest (highest seen), later look-up).
// Parameters:
//   :param platform => 'twitter'
//   :param post_id => '1580000000000000101'
MATCH (p:Post {platform: $platform, id: $post_id})-[:HAD_COUNTS]->(c:CountObservation)
RETURN c.observed_at AS observed_at, c.source AS source, c.like_count AS like_count,
       c.retweet_count AS retweet_count, c.reply_count AS reply_count, c.quote_count AS quote_count,
       c.error AS error
ORDER BY observed_at, source
