// Identical-neighbourhood bins: summary of one run
// Kind: question
// How many bins, how many accounts they hold, the largest, and how many bins have only one item
// (with a per-request cap on scraped likers, big one-item bins are an artefact, not coordination).
// Parameters:
//   :param run_id => 'bins-3f2a9c0d1e2b4a5c'
//   :param size_key => 'bin_size_likes'
MATCH (a:Account)
WHERE a[$size_key] IS NOT NULL
WITH count(a) AS accounts_binned
OPTIONAL MATCH (b:Bin {run_id: $run_id})
RETURN accounts_binned,
       count(b) AS bins,
       coalesce(sum(b.size), 0) AS accounts_in_bins,
       coalesce(max(b.size), 0) AS largest_bin,
       count(CASE WHEN b.n_items = 1 THEN 1 END) AS one_item_bins,
       coalesce(sum(CASE WHEN b.n_items = 1 THEN b.size END), 0) AS accounts_in_one_item_bins
