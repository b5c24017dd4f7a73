import Foundation

/// The kinds of value a setting takes: each parses and range-checks its text once, here.
extension ConfigurationSetting {
    typealias Path<Value> = WritableKeyPath<ServiceConfiguration, Value> & Sendable

    static func text(
        _ flag: String, _ path: Path<String>, value: String = "text", fallback: [String] = [], help: String
    ) -> ConfigurationSetting {
        ConfigurationSetting(
            flag: flag, fallbackVariables: fallback, valueName: value, range: nil, help: help, isSecret: false, keepsBlank: false,
            read: { $0[keyPath: path] }, assign: { c, text, _ in c[keyPath: path] = text })
    }

    static func optionalText(
        _ flag: String, _ path: Path<String?>, value: String = "text", fallback: [String] = [], secret: Bool = false,
        keepsBlank: Bool = false, help: String
    ) -> ConfigurationSetting {
        ConfigurationSetting(
            flag: flag, fallbackVariables: fallback, valueName: value, range: nil, help: help, isSecret: secret,
            keepsBlank: keepsBlank, read: { $0[keyPath: path] }, assign: { c, text, _ in c[keyPath: path] = text })
    }

    static func url(_ flag: String, _ path: Path<String?>, fallback: [String] = [], help: String) -> ConfigurationSetting {
        ConfigurationSetting(
            flag: flag, fallbackVariables: fallback, valueName: "url", range: "http(s) URL", help: help, isSecret: false, keepsBlank: false,
            read: { $0[keyPath: path] },
            assign: { c, text, source throws(ConfigurationError) in
                guard text.hasPrefix("http://") || text.hasPrefix("https://") else {
                    throw ConfigurationError("\(source) must start with http:// or https://, got \"\(text)\"")
                }
                c[keyPath: path] = text
            })
    }

    /// `shownDefault` stands in for a default that depends on the machine (`online cores`).
    static func integer(
        _ flag: String, _ path: Path<Int>, in range: ClosedRange<Int>, shownDefault: String? = nil, help: String
    ) -> ConfigurationSetting {
        ConfigurationSetting(
            flag: flag, fallbackVariables: [], valueName: "n", range: "\(range.lowerBound)...\(range.upperBound)", help: help,
            isSecret: false, keepsBlank: false, read: { shownDefault ?? String($0[keyPath: path]) },
            assign: { c, text, source throws(ConfigurationError) in c[keyPath: path] = try integer(text, in: range, source) })
    }

    static func optionalInteger(
        _ flag: String, _ path: Path<Int?>, in range: ClosedRange<Int>, help: String
    ) -> ConfigurationSetting {
        ConfigurationSetting(
            flag: flag, fallbackVariables: [], valueName: "n", range: "\(range.lowerBound)...\(range.upperBound)", help: help,
            isSecret: false, keepsBlank: false, read: { $0[keyPath: path].map(String.init) },
            assign: { c, text, source throws(ConfigurationError) in c[keyPath: path] = try integer(text, in: range, source) })
    }

    static func number(
        _ flag: String, _ path: Path<Double>, in range: ClosedRange<Double>, value: String = "x", help: String
    ) -> ConfigurationSetting {
        ConfigurationSetting(
            flag: flag, fallbackVariables: [], valueName: value, range: "\(format(range.lowerBound))...\(format(range.upperBound))",
            help: help, isSecret: false, keepsBlank: false, read: { format($0[keyPath: path]) },
            assign: { c, text, source throws(ConfigurationError) in
                guard let v = Double(text), v.isFinite else { throw ConfigurationError("\(source) must be a number, got \"\(text)\"") }
                guard range.contains(v) else {
                    throw ConfigurationError("\(source) must be in \(format(range.lowerBound))...\(format(range.upperBound)), got \(text)")
                }
                c[keyPath: path] = v
            })
    }

    static func choice(_ flag: String, _ path: Path<String>, among choices: [String], help: String) -> ConfigurationSetting {
        ConfigurationSetting(
            flag: flag, fallbackVariables: [], valueName: "name", range: choices.joined(separator: ", "), help: help,
            isSecret: false, keepsBlank: false, read: { $0[keyPath: path] },
            assign: { c, text, source throws(ConfigurationError) in
                guard choices.contains(text) else {
                    throw ConfigurationError("\(source) must be one of \(choices.joined(separator: ", ")), got \"\(text)\"")
                }
                c[keyPath: path] = text
            })
    }

    /// One of an enumeration's raw values (`prompt-format`: chat, text).
    static func choice<Choice: RawRepresentable & CaseIterable & Sendable>(
        _ flag: String, _ path: Path<Choice>, help: String
    ) -> ConfigurationSetting where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        return ConfigurationSetting(
            flag: flag, fallbackVariables: [], valueName: "name", range: names.joined(separator: ", "), help: help,
            isSecret: false, keepsBlank: false, read: { $0[keyPath: path].rawValue },
            assign: { c, text, source throws(ConfigurationError) in
                guard let value = Choice(rawValue: text) else {
                    throw ConfigurationError("\(source) must be one of \(names.joined(separator: ", ")), got \"\(text)\"")
                }
                c[keyPath: path] = value
            })
    }

    static func toggle(_ flag: String, _ path: Path<Bool>, help: String) -> ConfigurationSetting {
        ConfigurationSetting(
            flag: flag, fallbackVariables: [], valueName: nil, range: nil, help: help, isSecret: false, keepsBlank: false,
            read: { $0[keyPath: path] ? "true" : nil },
            assign: { c, text, source throws(ConfigurationError) in
                switch text.lowercased() {
                case "1", "true", "yes", "on": c[keyPath: path] = true
                case "0", "false", "no", "off": c[keyPath: path] = false
                default: throw ConfigurationError("\(source) must be true or false, got \"\(text)\"")
                }
            })
    }

    private static func integer(_ text: String, in range: ClosedRange<Int>, _ source: String) throws(ConfigurationError) -> Int {
        guard let v = Int(text) else { throw ConfigurationError("\(source) must be an integer, got \"\(text)\"") }
        guard range.contains(v) else { throw ConfigurationError("\(source) must be in \(range.lowerBound)...\(range.upperBound), got \(v)") }
        return v
    }

    /// Whole numbers without `.0` (`10`, `0.5`), as a user would write them.
    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}
