// Load pass: posts
// Merges the posts of one batch on their uid with their fixed properties and their counts. Counts
// with an observation time win when it is as late as the stored one (the latest counts win, by
// observed_at). Counts without a time (a CrowdTangle export, say) fill counts the post lacks, and
// raise counts that only untimed sources gave (counts grow), so the graph does not depend on which
// file came first. They run before the timed counts of the same batch, which then win.
// Parameters:
//   :param posts => [{uid: 'twitter:9', props: {platform: 'twitter', id: '9', lang: 'da'}, counts: {like_count: 3}, observed_at: '2022-10-01T12:00:00+00:00', fill: {share_count: 2}}]
UNWIND $posts AS r
MERGE (p:Post {uid: r.uid})
SET p += r.props
SET p.created_at = datetime(p.created_at)
WITH p, r, datetime(r.observed_at) AS observed, p.observed_at IS NULL AS untimed, r.fill AS f
SET
  p.like_count = CASE WHEN p.like_count IS NULL OR (untimed AND f.like_count > p.like_count) THEN coalesce(f.like_count, p.like_count) ELSE p.like_count END,
  p.retweet_count = CASE WHEN p.retweet_count IS NULL OR (untimed AND f.retweet_count > p.retweet_count) THEN coalesce(f.retweet_count, p.retweet_count) ELSE p.retweet_count END,
  p.reply_count = CASE WHEN p.reply_count IS NULL OR (untimed AND f.reply_count > p.reply_count) THEN coalesce(f.reply_count, p.reply_count) ELSE p.reply_count END,
  p.quote_count = CASE WHEN p.quote_count IS NULL OR (untimed AND f.quote_count > p.quote_count) THEN coalesce(f.quote_count, p.quote_count) ELSE p.quote_count END,
  p.share_count = CASE WHEN p.share_count IS NULL OR (untimed AND f.share_count > p.share_count) THEN coalesce(f.share_count, p.share_count) ELSE p.share_count END,
  p.comment_count = CASE WHEN p.comment_count IS NULL OR (untimed AND f.comment_count > p.comment_count) THEN coalesce(f.comment_count, p.comment_count) ELSE p.comment_count END
WITH p, r, observed
WHERE observed IS NOT NULL AND (p.observed_at IS NULL OR observed >= p.observed_at)
SET p += r.counts, p.observed_at = observed
