import JSON
import Selection
import Storage

/// The JSON shapes of stored resources (docs/api.md), keys in a fixed order.
enum ResourceJSON {
    /// Stored JSON text back to a value; text that no longer parses is returned as null.
    static func storedJSON(_ text: String?) -> JSONValue {
        guard let text, let v = try? JSONParser.parse(text) else { return .null }
        return v
    }

    /// JSON text this service wrote into a column (a job's request, error, diagnostics, warnings),
    /// spliced into a response as it is: a request can carry 10,000 inline target rows, and
    /// parsing it again for every job of a page only to write it back was the cost of listing jobs.
    static func spliced(_ text: String?) -> JSONValue { text.map(JSONValue.verbatim) ?? .null }

    static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    static func pool(_ d: PoolDetails) -> JSONValue {
        .object([
            "object": .string("pool"), "name": .string(d.pool.name), "description": optional(d.pool.description),
            "metadata": storedJSON(d.pool.metadata),
            "created_at": .string(d.pool.createdAt), "item_count": .int(d.itemCount),
            "features": .array(d.features.map { f in
                .object([
                    "name": .string(f.feature.name), "embedder": optional(f.feature.embedder),
                    "checkpoints": .array(f.checkpoints.map { c in
                        .object(["label": .string(c.checkpoint.label), "dim": .int(c.checkpoint.dim),
                                 "weight": .double(c.checkpoint.weight), "rows": .int(c.rows)])
                    }),
                ])
            }),
        ])
    }

    static func item(_ r: ItemRecord) -> JSONValue {
        .object([
            "object": .string("item"), "id": .string(r.extID), "index": .int(r.index),
            "question": optional(r.question), "answer": optional(r.answer), "text": optional(r.text),
            "metadata": itemMetadata(r.metadata),
        ])
    }

    /// An item's stored metadata; `{}` when it has none.
    static func itemMetadata(_ text: String?) -> JSONValue { text == nil ? .object([]) : storedJSON(text) }

    static func list(_ data: [JSONValue], nextCursor: String?) -> JSONValue {
        .object(["object": .string("list"), "data": .array(data), "next_cursor": optional(nextCursor)])
    }
}
