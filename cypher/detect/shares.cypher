// Co-sharing: the shares of one kind
// Every share of objects of one kind (link, domain, message, image_text, hashtag, image_hash, retweet):
// who shared which object, when (epoch seconds, UTC).
// Parameters:
//   :param kind => 'link'
MATCH (a:Account)-[s:SHARED]->(o:Object)
WHERE s.kind = $kind
RETURN a.uid AS account, o.uid AS object, s.at.epochSeconds AS t
