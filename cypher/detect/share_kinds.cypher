// Co-sharing: which kinds of shares the graph holds
// Kind: question
// Each kind of shared object present, with its number of shares.
// Parameters: none.
MATCH ()-[s:SHARED]->()
RETURN s.kind AS kind, count(*) AS shares
ORDER BY kind
