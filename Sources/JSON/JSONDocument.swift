/// A parsed body: its value, where each array decoded per a `JSONFloatPlan` stands as an empty
/// array, and those arrays by JSON path (`query_vector`, `targets.vectors`).
public struct JSONDocument: Sendable {
    public let value: JSONValue
    public let floatBlocks: [String: JSONFloatBlock]

    public init(value: JSONValue, floatBlocks: [String: JSONFloatBlock] = [:]) {
        self.value = value
        self.floatBlocks = floatBlocks
    }
}
