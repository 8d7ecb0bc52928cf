// GDS: graphcli's projected graphs still in the catalogue
// Projections are dropped when detection ends; anything listed here was left behind by a crash.
// Parameters: none.
CALL gds.graph.list() YIELD graphName
WITH graphName WHERE graphName STARTS WITH 'graphcli-'
RETURN graphName AS graph_name
