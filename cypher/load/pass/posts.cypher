// Load pass: posts
// Merges the posts of one batch on their uid with their fixed properties; the counts are copied only
// when this observation is as late as the stored one (the latest counts win, by observed_at).
// Parameters:
//   :param posts => [{uid: 'twitter:9', props: {platform: 'twitter', id: '9', lang: 'da'}, counts: {like_count: 3}, observed_at: '2022-10-01T12:00:00+00:00'}]
UNWIND $posts AS r
MERGE (p:Post {uid: r.uid})
SET p += r.props
SET p.created_at = datetime(p.created_at)
WITH p, r, datetime(r.observed_at) AS observed
WHERE p.observed_at IS NULL OR observed >= p.observed_at
SET p += r.counts, p.observed_at = coalesce(observed, p.observed_at)
