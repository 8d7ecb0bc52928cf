// Co-sharing: project a run's COORDINATED edges for GDS (undirected, weighted)
// Parameters:
//   :param graph_name => 'graphcli-cosharing-3f2a9c0d1e2b4a5c'
//   :param run_id => 'cosharing-3f2a9c0d1e2b4a5c'
MATCH (a:Account)-[c:COORDINATED {run_id: $run_id}]->(b:Account)
WITH gds.graph.project($graph_name, a, b, {relationshipProperties: {weight: toFloat(c.weight)}},
                       {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.graphName AS graph_name, g.nodeCount AS nodes, g.relationshipCount AS relationships
