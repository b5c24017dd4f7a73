import Foundation
import LinearAlgebra
import Selection

/// A golden fixture of Tests/Fixtures/{gist,tarot} (fixtures/README.md), decoded into engine
/// inputs. Kept local to the GIST/TAROT tests until the shared loader is merged.
struct TarotGistFixture {
    let name: String
    let json: [String: Any]

    var params: [String: Any] { json["params"] as? [String: Any] ?? [:] }
    var expected: [String: Any] { json["expected"] as? [String: Any] ?? [:] }
    var rtol: Double { (json["tolerance"] as? [String: Any])?["rtol"] as? Double ?? 0 }
    var atol: Double { (json["tolerance"] as? [String: Any])?["atol"] as? Double ?? 0 }

    static var directory: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures")
    }

    static func names(_ method: String) -> [String] {
        let dir = directory.appendingPathComponent(method)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    init(_ method: String, _ name: String) throws {
        let url = Self.directory.appendingPathComponent(method).appendingPathComponent(name + ".json")
        self.name = name
        self.json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    static func matrix(_ value: Any?) -> Matrix {
        let rows = (value as? [[Any]] ?? []).map { row in row.map { Float(($0 as? NSNumber)?.doubleValue ?? .nan) } }
        return Matrix(rowArrays: rows) ?? Matrix(rows: 0, cols: 0)
    }

    func input(blockRows: Int = 4096) -> SelectionInput {
        if let cps = json["checkpoints"] as? [[String: Any]] {
            let checkpoints = cps.enumerated().map { t, cp in
                SelectionCheckpoint(
                    label: "cp\(t)", weight: (cp["weight"] as? NSNumber)?.doubleValue ?? 1,
                    candidates: MatrixRowSource(Self.matrix(cp["candidates"])), targets: Self.matrix(cp["targets"]))
            }
            return SelectionInput(checkpoints: checkpoints, blockRows: blockRows)
        }
        return SelectionInput(candidates: Self.matrix(json["candidates"]), targets: Self.matrix(json["targets"]), blockRows: blockRows)
    }

    /// `k` / `fraction` of the params as a budget (nil when neither is given).
    var budget: Budget? {
        get throws {
            try Budget.make(k: (params["k"] as? NSNumber)?.intValue, fraction: (params["fraction"] as? NSNumber)?.doubleValue, required: false)
        }
    }

    var seed: UInt64? { (params["seed"] as? NSNumber).map { $0.uint64Value } }

    /// The method parameters (everything but the budget and the seed) as engine parameters.
    var parameters: Parameters {
        var values: [String: JSONValue] = [:]
        for (key, value) in params where !["k", "fraction", "seed"].contains(key) { values[key] = Self.jsonValue(value) }
        return Parameters(values)
    }

    static func jsonValue(_ value: Any) -> JSONValue {
        switch value {
        case let s as String: return .string(s)
        case let a as [Any]: return .array(a.map(jsonValue))
        case let n as NSNumber:
            let d = n.doubleValue
            return d.rounded() == d && abs(d) < 1e15 ? .int(n.intValue) : .double(d)
        case is NSNull: return .null
        default: return .null
        }
    }

    func ints(_ key: String, in object: [String: Any]? = nil) -> [Int] {
        ((object ?? expected)[key] as? [NSNumber] ?? []).map(\.intValue)
    }

    func doubles(_ key: String, in object: [String: Any]? = nil) -> [Double] {
        ((object ?? expected)[key] as? [NSNumber] ?? []).map(\.doubleValue)
    }

    func close(_ actual: Double, _ expected: Double) -> Bool {
        abs(actual - expected) <= atol + rtol * abs(expected)
    }

    /// True when both lists have the same length and every pair is within tolerance.
    func allClose(_ actual: [Double], _ expected: [Double]) -> Bool {
        actual.count == expected.count && zip(actual, expected).allSatisfy { close($0, $1) }
    }
}

/// Rows as a matrix, for hand-written inputs.
func matrixOf(_ rows: [[Float]]) -> Matrix {
    Matrix(rowArrays: rows) ?? Matrix(rows: 0, cols: 0)
}

extension JSONValue {
    var doubleArray: [Double]? { arrayValue?.compactMap(\.doubleValue) }
    var intArray: [Int]? { arrayValue?.compactMap(\.intValue) }
}
