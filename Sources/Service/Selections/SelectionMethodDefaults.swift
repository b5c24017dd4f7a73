import Selection

/// Each method's parameters with their spec defaults, in the spec's order: what a job's `request`
/// echoes so that it shows exactly what ran (openapi.yaml SelectionRequest). A parameter whose
/// absence means something other than a value (GIST `energy`: no energy cut) has no default and
/// is echoed only when sent.
enum SelectionMethodDefaults {
    struct Entry {
        let name: String
        let value: JSONValue?
    }

    static func entries(method: String) -> [Entry] {
        switch method {
        case "less": [Entry(name: "groups", value: .string("each"))]
        case "uot":
            [Entry(name: "eps", value: .double(0.01)), Entry(name: "reg_m", value: .double(0.0001)),
             Entry(name: "max_iter", value: .int(1000)), Entry(name: "tol", value: .double(0.000001))]
        case "knn_uniform":
            [Entry(name: "L", value: .int(5000)), Entry(name: "alpha", value: .double(0.01)), Entry(name: "C", value: .double(5))]
        case "gist":
            [Entry(name: "rank", value: .int(150)), Entry(name: "energy", value: nil),
             Entry(name: "target_mode", value: .string("each"))]
        case "tarot":
            [Entry(name: "last_layer", value: .string("max_potential")), Entry(name: "ridge", value: .double(0.00001)),
             Entry(name: "k_folds", value: .int(10)), Entry(name: "max_neighbors", value: .int(2000))]
        default: []
        }
    }

    /// The seed a method uses when none is sent; nil for methods without randomness.
    static func seed(method: String) -> UInt64? {
        switch method {
        case "random": 0
        case "tarot": 42
        default: nil
        }
    }

    /// `given` with every defaulted parameter filled in, in the spec's order; keys the table does
    /// not know (already rejected by the method's own validation) keep their place at the end.
    static func filled(method: String, given: [JSONValue.Member]) -> [JSONValue.Member] {
        let table = entries(method: method)
        var out: [JSONValue.Member] = []
        for entry in table {
            if let sent = given.first(where: { $0.key == entry.name && $0.value != .null }) {
                out.append(sent)
            } else if let value = entry.value {
                out.append(JSONValue.Member(entry.name, value))
            }
        }
        let known = Set(table.map(\.name))
        out.append(contentsOf: given.filter { !known.contains($0.key) && $0.value != .null })
        return out
    }
}
