import JSON
import Selection

/// The help entry of a selection method or an exemplar re-ranker, rendered from its declaration:
/// its name and summary, then each parameter with its default and range, then `notes`.
enum MethodHelp {
    static func entry(name: String, summary: String, parameters: [MethodParameter], notes: [String] = []) -> String {
        var lines = ["  \(name): \(summary)"]
        for p in parameters {
            let value = p.defaultValue.map { " = \(JSONWriter.text($0))" } ?? ""
            lines.append("      \(p.name)\(value) (\(p.range)): \(p.help)")
        }
        lines += notes.map { "      \($0)" }
        return lines.joined(separator: "\n")
    }
}
