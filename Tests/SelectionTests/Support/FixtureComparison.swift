import JSON
import Selection

/// The comparison rules of fixtures/README.md: integers, strings and orders exactly, floats within
/// `atol + rtol * |expected|`, `null` stays `null`.
enum FixtureComparison {
    static func compare(_ want: FixtureValue, _ got: JSONValue?, tolerance: Fixture.Tolerance, path: String) -> String? {
        guard let got else { return "\(path): missing" }
        switch (want, got) {
        case (.null, .null):
            return nil
        case let (.int(w), .int(g)):
            return w == g ? nil : "\(path): expected \(w), got \(g)"
        case let (.string(w), .string(g)):
            return w == g ? nil : "\(path): expected \"\(w)\", got \"\(g)\""
        case let (.bool(w), .bool(g)):
            return w == g ? nil : "\(path): expected \(w), got \(g)"
        case let (.array(w), .array(g)):
            guard w.count == g.count else { return "\(path): expected \(w.count) entries, got \(g.count)" }
            for (i, pair) in zip(w, g).enumerated() {
                if let problem = compare(pair.0, pair.1, tolerance: tolerance, path: "\(path)[\(i)]") { return problem }
            }
            return nil
        case let (.object(w), .object(g)):
            let keys = Set(w.keys).union(g.map(\.key))
            for key in keys.sorted() {
                guard let expected = w[key] else { return "\(path).\(key): not expected" }
                if let problem = compare(expected, g.first { $0.key == key }?.value, tolerance: tolerance, path: "\(path).\(key)") { return problem }
            }
            return nil
        case let (.double(w), _):
            return close(w, got, tolerance: tolerance, path: path)
        case let (.int(w), .double):
            // A decoder may read "0.0" as an integer; a float field still compares with tolerance.
            return close(Double(w), got, tolerance: tolerance, path: path)
        default:
            return "\(path): expected \(want), got \(got)"
        }
    }

    static func close(_ want: Double, _ got: JSONValue, tolerance: Fixture.Tolerance, path: String) -> String? {
        guard let g = got.doubleValue else { return "\(path): expected a number, got \(got)" }
        let ok = abs(g - want) <= tolerance.atol + tolerance.rtol * abs(want)
        return ok ? nil : "\(path): expected \(want), got \(g)"
    }
}
