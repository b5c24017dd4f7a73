/// Texts held in memory: inline target texts, fixtures and tests.
public struct ArrayTextSource: TextSource {
    public let values: [String]

    public init(_ values: [String]) { self.values = values }

    public var count: Int { values.count }

    public func texts(_ range: Range<Int>) throws -> [String] { Array(values[range]) }
}
