/// A failure of the sharded run (export, map, reduce): a sentence for the operator, printed by
/// `shortlist engine` and stored as the job's error.
public struct EngineError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
