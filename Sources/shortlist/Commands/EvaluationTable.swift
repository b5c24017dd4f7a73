import Foundation
import JSON

/// The final table of `shortlist evaluate`: one line per arm, then one per pair of arms.
enum EvaluationTable {
    static func render(_ result: JSONValue) -> String {
        let arms = result["arms"]?.arrayValue ?? []
        let comparisons = result["comparisons"]?.arrayValue ?? []
        var rows = [["arm", "n", "correct", "errors", "accuracy", "95% CI", "latency ms", "tokens"]]
        for a in arms {
            rows.append([
                a["name"]?.stringValue ?? "?", int(a["n"]), int(a["correct"]), int(a["errors"]), fixed(a["accuracy"]), interval(a["ci95"]),
                fixed(a["mean_latency_ms"], digits: 0), tokens(a),
            ])
        }
        var table = align(rows)
        guard !comparisons.isEmpty else { return table }
        var pairs = [["comparison", "n", "difference", "95% CI", "a only", "b only", "McNemar p"]]
        for c in comparisons {
            pairs.append([
                "\(c["a"]?.stringValue ?? "?") - \(c["b"]?.stringValue ?? "?")", int(c["n"]), fixed(c["difference"], signed: true),
                interval(c["ci95"]), int(c["a_only"]), int(c["b_only"]), pValue(c["p_value"]),
            ])
        }
        table += "\n\n" + align(pairs)
        return table
    }

    static func int(_ v: JSONValue?) -> String { v?.intValue.map(String.init) ?? "-" }

    static func fixed(_ v: JSONValue?, digits: Int = 3, signed: Bool = false) -> String {
        guard let d = v?.doubleValue else { return "-" }
        return String(format: signed ? "%+.\(digits)f" : "%.\(digits)f", d)
    }

    static func interval(_ v: JSONValue?) -> String {
        guard let bounds = v?.arrayValue, bounds.count == 2 else { return "-" }
        return "[\(fixed(bounds[0])), \(fixed(bounds[1]))]"
    }

    static func pValue(_ v: JSONValue?) -> String {
        guard let p = v?.doubleValue else { return "-" }
        return p < 0.001 ? String(format: "%.1e", p) : String(format: "%.3f", p)
    }

    /// Mean prompt + completion tokens, when the upstream reported them.
    static func tokens(_ arm: JSONValue) -> String {
        guard let p = arm["mean_prompt_tokens"]?.doubleValue, let c = arm["mean_completion_tokens"]?.doubleValue else { return "-" }
        return String(format: "%.0f+%.0f", p, c)
    }

    /// Left-aligned first column, right-aligned numbers, two spaces between columns.
    static func align(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { col in rows.map { $0[col].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { col, cell in
                let pad = String(repeating: " ", count: widths[col] - cell.count)
                return col == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
