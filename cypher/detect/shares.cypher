// Co-sharing: the shares of one kind
// Every share of objects of one kind (link, domain, message, image_text, hashtag, image_hash, retweet):
// who shared which object, when (epoch seconds, UTC). Returned as one row of three parallel lists
// because Bolt moves a few long lists many times faster than one row per share.
// Parameters:
//   :param kind => 'link'
MATCH (a:Account)-[s:SHARED]->(o:Object)
WHERE s.kind = $kind
RETURN collect(a.uid) AS accounts, collect(o.uid) AS objects, collect(s.at.epochSeconds) AS times
