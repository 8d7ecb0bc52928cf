// Fresh load: new posts
// The posts pass (load/pass/posts) for posts a load into an empty database knows to be new: CREATE,
// the untimed counts (fill) set as they are, then the timed counts (with their observation time) over
// them, which is what the MERGE pass does to a post it creates.
// Parameters:
//   :param posts => [{uid: 'twitter:9', props: {platform: 'twitter', id: '9', lang: 'da'}, counts: {like_count: 3}, observed_at: '2022-10-01T12:00:00+00:00', fill: {share_count: 2}}]
UNWIND $posts AS r
CREATE (p:Post)
SET p = r.props, p += r.fill, p.uid = r.uid, p.created_at = datetime(r.props.created_at)
WITH p, r, datetime(r.observed_at) AS observed
WHERE observed IS NOT NULL
SET p += r.counts, p.observed_at = observed
