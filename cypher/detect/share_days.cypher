// Persistence over time: how many UTC days each share kind's shares span
// Kind: question
// Per kind of shared object: the shares and the days (UTC) from the first share's to the last's,
// both included. `detect all` follows groups over daily slices only where there are two days or more.
// Parameters: none.
MATCH ()-[s:SHARED]->()
WITH s.kind AS kind, count(*) AS shares, min(s.at) AS first, max(s.at) AS last
RETURN kind, shares,
       toInteger(floor(last.epochSeconds / 86400.0)) - toInteger(floor(first.epochSeconds / 86400.0)) + 1 AS days
ORDER BY kind
