/// An environment variable with an unusable value; `variable` names it.
public struct ProviderConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var variable: String
    public var reason: String

    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "\(variable): \(reason)" }
}
