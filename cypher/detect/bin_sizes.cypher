// Identical-neighbourhood bins: every account's bin size for one relation
// Accounts that were binned, with bin_size_<relation> (1 when alone) and bin_items_<relation>.
// Parameters:
//   :param size_key => 'bin_size_likes'
//   :param items_key => 'bin_items_likes'
MATCH (a:Account)
WHERE a[$size_key] IS NOT NULL
RETURN a.uid AS account, a.screen_name AS screen_name, a[$size_key] AS size, a[$items_key] AS n_items
ORDER BY size DESC, account
