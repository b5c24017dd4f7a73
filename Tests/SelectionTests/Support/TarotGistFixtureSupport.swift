import Foundation
import JSON
import Testing
import LinearAlgebra
import Selection
import TestSupport

/// A golden fixture of Tests/Fixtures/{gist,tarot} (fixtures/README.md), decoded into engine
/// inputs. Kept local to the GIST/TAROT tests until the shared loader is merged.
struct TarotGistFixture {
    let name: String
    let json: [String: Any]

    var params: [String: Any] { json["params"] as? [String: Any] ?? [:] }
    var expected: [String: Any] { json["expected"] as? [String: Any] ?? [:] }
    var rtol: Double { (json["tolerance"] as? [String: Any])?["rtol"] as? Double ?? 0 }
    var atol: Double { (json["tolerance"] as? [String: Any])?["atol"] as? Double ?? 0 }

    static var directory: URL { RepositoryFiles.fixtures }

    static func names(_ method: String) -> [String] {
        RepositoryFiles.fixtureNames(in: method).map { String($0.dropLast(5)) }
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

    func input(blockRows: Int = 4096, workers: Int = 1) -> SelectionInput {
        if let cps = json["checkpoints"] as? [[String: Any]] {
            let checkpoints = cps.enumerated().map { t, cp in
                SelectionCheckpoint(
                    label: "cp\(t)", weight: (cp["weight"] as? NSNumber)?.doubleValue ?? 1,
                    candidates: MatrixRowSource(Self.matrix(cp["candidates"])), targets: Self.matrix(cp["targets"]))
            }
            return SelectionInput(checkpoints: checkpoints, blockRows: blockRows, workers: workers)
        }
        return SelectionInput(candidates: Self.matrix(json["candidates"]), targets: Self.matrix(json["targets"]), blockRows: blockRows, workers: workers)
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

/// Small random inputs for property tests, drawn from SplitMix64 so a failing seed reproduces.
/// Entries are multiples of 1/64 in [-1, 1) (exact in float32), which keeps float32 sums exact
/// enough that ties only come from identical rows.
struct RandomRows {
    var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func value() -> Float { Float(Int(generator.next() % 128) - 64) / 64 }

    mutating func matrix(rows: Int, cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, values: (0..<(rows * cols)).map { _ in value() })
    }

    /// Random targets (drawn first) and candidates whose row 0 is copied over every row of `copies`.
    mutating func duplicateRowsCase(candidates n: Int, targets m: Int, cols d: Int, copies: [Int]) -> (candidates: Matrix, targets: Matrix) {
        let t = matrix(rows: m, cols: d)
        var c = matrix(rows: n, cols: d)
        for j in copies { c = c.copyingRow(0, to: j) }
        return (c, t)
    }
}

extension Matrix {
    /// The rows in the order `order` (row `r` of the result is row `order[r]` of `self`).
    func permutedRows(_ order: [Int]) -> Matrix {
        Matrix(rows: rows, cols: cols, values: order.flatMap { row($0) })
    }

    /// Row `r` multiplied by `factor`.
    func scalingRow(_ r: Int, by factor: Float) -> Matrix {
        var out = self
        for c in 0..<cols { out.values[r * cols + c] *= factor }
        return out
    }

    /// `source`'s row `from` copied over row `to`.
    func copyingRow(_ from: Int, to: Int) -> Matrix {
        var out = self
        for c in 0..<cols { out.values[to * cols + c] = values[from * cols + c] }
        return out
    }
}

/// Asserts that `body` throws a `SelectionError` with `code` naming `parameter`.
func expectSelectionError(_ code: SelectionError.Code, parameter: String?, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(code.rawValue) (\(parameter ?? "-")), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as SelectionError {
        #expect(error.code == code, sourceLocation: sourceLocation)
        #expect(error.parameter == parameter, sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

extension SelectionControl {
    /// A control whose cancellation check fires from the first poll.
    static var cancelledAlready: SelectionControl { SelectionControl(isCancelled: { true }) }
}
