import Foundation

/// A value to bind to a statement parameter.
public enum SQLValue: Equatable, Sendable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null

    public static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }

    /// NULL when `value` is nil.
    public static func optionalText(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    public static func optionalReal(_ value: Double?) -> SQLValue { value.map(SQLValue.real) ?? .null }
    public static func optionalInt(_ value: Int?) -> SQLValue { value.map(SQLValue.int) ?? .null }
    public static func data(_ value: Data) -> SQLValue { .blob([UInt8](value)) }
}
