extension ServiceConfiguration {
    /// Variables that are not settings of `serve` but are ours all the same (the CLI client's).
    public static let otherVariables: Set<String> = ["SHORTLIST_URL"]

    /// The configuration from flag values (`flags["port"] = "9000"`, a switch as "true") and the
    /// environment: for each setting its flag, else its variable, else its fallback variables,
    /// else the default. Empty variables count as unset. Validated before it is returned.
    public static func resolve(flags: [String: String], environment: [String: String]) throws(ConfigurationError) -> ServiceConfiguration {
        if let unknown = flags.keys.sorted().first(where: { setting(flag: $0) == nil }) {
            throw ConfigurationError("unknown option --\(unknown)" + suggestion(for: unknown, among: settings.map(\.flag), prefix: "--"))
        }
        var c = ServiceConfiguration()
        for setting in settings {
            if let value = flags[setting.flag] {
                try setting.apply(value, from: "--\(setting.flag)", to: &c)
                continue
            }
            for variable in [setting.variable] + setting.fallbackVariables {
                if let value = environment[variable], !value.isEmpty || setting.keepsBlank {
                    try setting.apply(value, from: variable, to: &c)
                    break
                }
            }
        }
        try c.validate()
        return c
    }

    /// One warning line per `SHORTLIST_*` variable that nothing reads, naming the closest known one:
    /// a misspelt variable is otherwise silently ignored.
    public static func unknownVariableWarnings(environment: [String: String]) -> [String] {
        let known = Set(settings.map(\.variable)).union(otherVariables)
        return environment.keys.filter { $0.hasPrefix("SHORTLIST_") && !known.contains($0) }.sorted().map { name in
            "warning: unknown environment variable \(name) is ignored" + suggestion(for: name, among: known.sorted(), prefix: "")
        }
    }

    /// "; did you mean X?" for the closest candidate within a third of the name's length, else "".
    static func suggestion(for name: String, among candidates: [String], prefix: String) -> String {
        let scored = candidates.map { ($0, editDistance(name, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }),
              best.1 <= max(2, name.count / 3) else { return "" }
        return "; did you mean \(prefix)\(best.0)?"
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
