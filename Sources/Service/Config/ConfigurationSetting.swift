/// One setting of `shortlist serve`, declared once: its flag, its `SHORTLIST_*` variable, its
/// default (read from `ServiceConfiguration()`, never written twice), its range and its help.
/// The command line, the environment, `serve --help` and the README table all come from the
/// list in `ServiceConfiguration.settings`.
public struct ConfigurationSetting: Sendable {
    /// The long flag without dashes, e.g. `job-concurrency`.
    public let flag: String
    /// `SHORTLIST_` and the flag in upper case with underscores.
    public var variable: String { "SHORTLIST_" + flag.uppercased().replacingOccurrences(of: "-", with: "_") }
    /// Older or foreign variables read when neither the flag nor `variable` is given, in order.
    public let fallbackVariables: [String]
    /// The placeholder in help (`<n>`), nil for a boolean switch that takes no value.
    public let valueName: String?
    /// The accepted values, for help and errors (`1...64`, `http(s) URL`), nil when any will do.
    public let range: String?
    public let help: String
    /// Never printed: the default column shows nothing and descriptions redact it.
    public let isSecret: Bool
    /// A set but blank variable counts as given (and is refused by validation) instead of unset.
    public let keepsBlank: Bool
    let read: @Sendable (ServiceConfiguration) -> String?
    let assign: @Sendable (inout ServiceConfiguration, String, _ source: String) throws(ConfigurationError) -> Void

    /// The default as help shows it; nil when the setting is unset by default.
    public var defaultText: String? { isSecret ? nil : read(ServiceConfiguration()) }

    /// Whether this is a switch (`--allow-unauthenticated`) rather than an option with a value.
    public var isSwitch: Bool { valueName == nil }

    /// Sets this setting on `configuration` from `text`; `source` (the flag or variable) names it in errors.
    public func apply(_ text: String, from source: String, to configuration: inout ServiceConfiguration) throws(ConfigurationError) {
        try assign(&configuration, text, source)
    }
}
