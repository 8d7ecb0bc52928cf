// Co-sharing: the shares of one kind
// Every share of objects of one kind (link, domain, message, image_text, hashtag, image_hash, retweet):
// who shared which object, when (epoch seconds, UTC). Returned as one row of three parallel lists
// because Bolt moves a few long lists many times faster than one row per share. With $since / $until
// (null for no bound) only the shares in that time range, both ends included: a monitor's window.
// Starts from the objects of that kind (indexed; a share's kind is its object's), which reads 1M shares
// about 1.5x faster than filtering every SHARED relationship on its own kind.
// Parameters:
//   :param kind => 'link'
//   :param since => datetime('2022-10-05T06:00:00Z')
//   :param until => null
MATCH (o:Object {kind: $kind})<-[s:SHARED]-(a:Account)
WHERE ($since IS NULL OR s.at >= $since) AND ($until IS NULL OR s.at <= $until)
RETURN collect(a.uid) AS accounts, collect(o.uid) AS objects, collect(s.at.epochSeconds) AS times
