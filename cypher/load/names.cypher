// Accounts by screen name
// Every account that has a screen name, for the loader's name resolver (graphcli.loaders.resolve):
// id-keyed accounts (has_id) tell which uid a name-only reference stands for; the others are
// placeholders ("<platform>:@<lower name>") that exist and may need folding onto an id.
// Parameters: none.
MATCH (a:Account)
WHERE a.screen_name_lower IS NOT NULL
RETURN a.platform AS platform, a.screen_name_lower AS screen_name_lower, a.uid AS uid, a.id IS NOT NULL AS has_id
