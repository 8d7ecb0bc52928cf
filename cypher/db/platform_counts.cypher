// Accounts and posts per platform
// Kind: question
// How many Account and Post nodes each platform has: the first check after loading several sources.
// Parameters: none.
MATCH (a:Account)
RETURN 'Account' AS label, a.platform AS platform, count(*) AS count
UNION ALL
MATCH (p:Post)
RETURN 'Post' AS label, p.platform AS platform, count(*) AS count
