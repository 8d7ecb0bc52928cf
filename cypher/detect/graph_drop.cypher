// GDS: drop a projected graph (no error when it is already gone)
// Parameters:
//   :param graph_name => 'graphcli-cosharing-3f2a9c0d1e2b4a5c'
CALL gds.graph.drop($graph_name, false) YIELD graphName
RETURN graphName AS graph_name
