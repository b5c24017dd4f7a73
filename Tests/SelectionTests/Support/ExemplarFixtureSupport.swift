import Foundation
import JSON
import LinearAlgebra
import Selection
import TestSupport

/// Any JSON value of a fixture file, with integers kept apart from doubles.
indirect enum ExemplarFixtureJSON: Decodable, Sendable {
    case null, bool(Bool), int(Int), double(Double), string(String)
    case array([ExemplarFixtureJSON]), object([String: ExemplarFixtureJSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([ExemplarFixtureJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: ExemplarFixtureJSON].self)) }
    }

    subscript(key: String) -> ExemplarFixtureJSON? {
        if case let .object(o) = self { return o[key] }
        return nil
    }

    var array: [ExemplarFixtureJSON] { if case let .array(a) = self { return a } else { return [] } }
    var object: [String: ExemplarFixtureJSON] { if case let .object(o) = self { return o } else { return [:] } }
    var isNull: Bool { if case .null = self { return true } else { return false } }
    var string: String? { if case let .string(s) = self { return s } else { return nil } }
    var bool: Bool? { if case let .bool(b) = self { return b } else { return nil } }
    var int: Int? { if case let .int(i) = self { return i } else { return nil } }
    var double: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .double(d): return d
        default: return nil
        }
    }
    var ints: [Int] { array.compactMap(\.int) }
    var doubles: [Double] { array.compactMap(\.double) }

    /// The engine's JSON type (for `Parameters`).
    var engineValue: JSONValue {
        switch self {
        case .null: return .null
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .array(a): return .array(a.map(\.engineValue))
        case let .object(o): return .object(o.keys.sorted().map { JSONValue.Member($0, o[$0]!.engineValue) })
        }
    }
}

/// One fixture of Tests/Fixtures/exemplars, with the request already turned into engine inputs.
struct ExemplarFixture: Sendable {
    let name: String
    let json: ExemplarFixtureJSON

    static var directory: URL { RepositoryFiles.fixture("exemplars") }

    /// Each file is decoded once per test process (decoding dominates the debug test time).
    static let cache = ExemplarFixtureCache()

    static func load(_ name: String) throws -> ExemplarFixture {
        try cache.fixture(name) { try decode(name) }
    }

    static func decode(_ name: String) throws -> ExemplarFixture {
        let data = try Data(contentsOf: directory.appendingPathComponent(name + ".json"))
        return ExemplarFixture(name: name, json: try JSONDecoder().decode(ExemplarFixtureJSON.self, from: data))
    }

    var expected: ExemplarFixtureJSON { json["expected"] ?? .null }
    var rtol: Double { json["tolerance"]?["rtol"]?.double ?? 1e-5 }
    var atol: Double { json["tolerance"]?["atol"]?.double ?? 1e-6 }

    /// Input numbers parsed as Double, then Float (fixtures/README).
    var query: [Float] { (json["query"]?.doubles ?? []).map { Float($0) } }
    var pool: Matrix {
        let rows = (json["pool"]?.array ?? []).map { $0.doubles.map { Float($0) } }
        return Matrix(rowArrays: rows) ?? Matrix(rows: 0, cols: 0)
    }
    var exclude: [Int] { json["params"]?["exclude"]?.ints ?? [] }
    var options: ExemplarOptions {
        get throws {
            var params = json["params"]?.object ?? [:]
            params["exclude"] = nil
            return try ExemplarOptions(parameters: Parameters(params.mapValues(\.engineValue)))
        }
    }

    func run() throws -> ExemplarResult {
        let pool = self.pool
        let allowed = try ExemplarFilter.allowedIndices(poolSize: pool.rows, excluding: exclude)
        return try ExemplarRanker.rank(query: query, pool: pool, allowed: allowed, options: options)
    }

    /// `|a - e| <= atol + rtol * |e|` elementwise, with equal lengths.
    func close(_ actual: [Double]?, _ expected: [Double]?) -> Bool {
        guard let actual, let expected else { return actual == nil && expected == nil }
        return actual.count == expected.count && zip(actual, expected).allSatisfy { close($0, $1) }
    }

    func close(_ a: Double, _ e: Double) -> Bool { abs(a - e) <= atol + rtol * abs(e) }
}

/// Decoded fixtures by name, shared by the parallel tests.
final class ExemplarFixtureCache: @unchecked Sendable {
    private let lock = NSLock()
    private var fixtures: [String: ExemplarFixture] = [:]

    func fixture(_ name: String, _ make: () throws -> ExemplarFixture) throws -> ExemplarFixture {
        lock.lock()
        defer { lock.unlock() }
        if let f = fixtures[name] { return f }
        let f = try make()
        fixtures[name] = f
        return f
    }
}

extension ExemplarResult {
    func diagnostic(_ key: String) -> JSONValue? { diagnostics.first { $0.key == key }?.value }
}

/// Small random exemplar inputs for property tests, drawn from SplitMix64 so a failing seed replays.
struct ExemplarTestData {
    var query: [Float]
    var pool: Matrix

    init(query: [Float], pool: Matrix) {
        self.query = query
        self.pool = pool
    }

    /// `rows x dim` entries uniform in [-1, 1), rounded to multiples of 2^-12 so that
    /// distinct rows are far from float ties; `duplicates` later rows copy earlier ones.
    init(seed: UInt64, rows: Int, dim: Int, duplicates: Int = 0) {
        var g = SplitMix64(seed: seed)
        func draw() -> Float { Float(Int(g.next() % 8192) - 4096) / 4096 }
        query = (0..<dim).map { _ in draw() }
        var values = (0..<(rows * dim)).map { _ in draw() }
        for c in 0..<min(duplicates, rows - 1) {
            let source = Int(g.next() % UInt64(rows - 1 - c)), target = rows - 1 - c
            for t in 0..<dim { values[target * dim + t] = values[source * dim + t] }
        }
        pool = Matrix(rows: rows, cols: dim, values: values)
    }

    /// Stand-in bm25 scores for the methods that read them: two rows in three match, with ties.
    var lexical: LexicalScores {
        var scores: [Int: Double] = [:]
        for i in 0..<pool.rows where i % 3 != 0 { scores[i] = Double(i % 5 + 1) }
        return LexicalScores(queryTokens: ["t"], scoreByIndex: scores)
    }

    func rank(_ options: ExemplarOptions, allowed: [Int]? = nil) throws -> ExemplarResult {
        try ExemplarRanker.rank(query: query, pool: pool, allowed: allowed, options: options, lexical: lexical)
    }
}
