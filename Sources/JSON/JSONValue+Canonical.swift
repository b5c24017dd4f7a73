extension JSONValue {
    /// Canonical text: object keys sorted by their UTF-8 bytes, no insignificant whitespace,
    /// whole doubles written as integers (so 0 and 0.0 give the same text), non-ASCII left as
    /// UTF-8. Provider request bodies and their cache keys are this text, on every platform.
    public var canonicalText: String { JSONWriter.text(canonicalised) }

    /// The same value with sorted keys and whole doubles (below 1e15) as integers.
    var canonicalised: JSONValue {
        switch self {
        case let .double(d) where d.isFinite && d == d.rounded() && abs(d) < 1e15: return .int(Int(d))
        case let .array(items): return .array(items.map(\.canonicalised))
        case let .object(members):
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            return .object(sorted.map { Member($0.key, $0.value.canonicalised) })
        default: return self
        }
    }
}
