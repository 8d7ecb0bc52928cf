// Fresh load: new shared objects
// The objects pass (load/pass/objects) for objects a load into an empty database knows to be new.
// Parameters:
//   :param objects => [{uid: 'domain:example.org', kind: 'domain', key: 'example.org', text: null}]
UNWIND $objects AS r
CREATE (:Object {uid: r.uid, kind: r.kind, key: r.key, text: r.text})
