// Load pass: count observations
// Merges each (:CountObservation) on its uid (a hash of the post, the source that saw the counts, and
// when) and links it to its post: every like/retweet/reply/quote count a source saw, kept side by side
// (pull snapshots, a final harvest's highest count, a later look-up).
// Parameters:
//   :param counts => [{uid: '7c1d...', post_uid: 'twitter:9', props: {source: 'later look-up', observed_at: '2023-01-31T09:00:00+00:00', like_count: 7}}]
UNWIND $counts AS r
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
MERGE (c:CountObservation {uid: r.uid})
ON CREATE SET c += r.props, c.observed_at = datetime(r.props.observed_at)
MERGE (p)-[:HAD_COUNTS]->(c)
