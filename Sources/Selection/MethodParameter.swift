import JSON

/// One entry of a method's `params`, as the API documents it: the request parser takes its
/// default from here, the job's `request` echoes it, `shortlist select --help` lists it and a
/// test holds openapi.yaml's schema to it.
public struct MethodParameter: Sendable {
    public enum Kind: String, Sendable {
        case integer, number, string
        /// A string or a JSON value of another shape (`less` groups: "each", n or labels).
        case any
    }

    public let name: String
    public let kind: Kind
    /// nil when absence means something other than a value (GIST `energy`: no energy cut);
    /// such a parameter is echoed only when sent.
    public let defaultValue: JSONValue?
    /// The accepted values, e.g. `> 0`, `(0, 1)`, `max_potential | min_potential`.
    public let range: String
    public let help: String

    public init(_ name: String, _ kind: Kind, default defaultValue: JSONValue?, range: String, help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.range = range
        self.help = help
    }

    /// The default as a Swift value, for parsers (`parameters.int(p)`); traps on a declaration
    /// whose default has the wrong kind, a programming error the method tests catch.
    public var defaultInt: Int { defaultValue!.intValue! }
    public var defaultDouble: Double { defaultValue!.doubleValue! }
    public var defaultString: String { defaultValue!.stringValue! }
}
