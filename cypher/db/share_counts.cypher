// Shares per platform and kind
// Kind: question
// How many SHARED relationships each platform's accounts have, per kind of shared object (link, domain,
// message, image_text, hashtag, image_hash, retweet): what co-sharing detection will work on.
// Parameters: none.
MATCH (a:Account)-[s:SHARED]->(:Object)
RETURN a.platform AS platform, s.kind AS kind, count(*) AS count
ORDER BY platform, kind
