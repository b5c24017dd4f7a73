import Foundation
import JSON
import LinearAlgebra
import Selection
import Storage
import Testing
@testable import Service

/// `bm25` builds its FTS5 query from the index's own tokenizer, so no question can break it
/// (docs/methods/exemplars-lexical.md §2.2): hostile questions never fail and always get min(k, |F|)
/// exemplars.
@Suite struct BM25HostileQuestionTests {
    static let syntax = [
        "AND", "OR", "NOT", "NEAR", "NEAR(", "NEAR/2", "\"", "\"\"", "*", ":", "^", "(", ")", "-", "+", "{", "}", "[", "]", "~",
        "question:", "col:umn", "rowid", "bm25(", "'", "\\", ";", "--", "/*", "*/", "\u{0}", "\u{0}\u{0}", "é", "ZOË", "🙂", "\u{301}",
        "marbles", "cookies", "Natalia", "%", "_", "?", "\t", "\n", "\r\n", "\u{FEFF}", "\u{202E}",
    ]

    /// Question `n` of a deterministic stream mixing random bytes (repaired to UTF-8), random
    /// code points, FTS5 syntax soup, and now and then a token far beyond FTS5's 32 KiB cut.
    static func question(_ n: Int, _ g: inout SplitMix64) -> String {
        let length = Int(g.next() % 60)
        switch n % 4 {
        case 0:
            return String(decoding: (0..<length * 3).map { _ in UInt8(truncatingIfNeeded: g.next()) }, as: UTF8.self)
        case 1:
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length { scalars.append(Unicode.Scalar(UInt32(g.next() % 0x11_0000)) ?? "\u{FFFD}") }
            return String(scalars)
        case 2:
            return (0..<length).map { _ in syntax[Int(g.next() % UInt64(syntax.count))] }.joined(separator: g.next() % 2 == 0 ? " " : "")
        default:
            let long = String(repeating: n % 8 == 3 ? "é" : "a", count: n % 40 == 3 ? 40_000 : Int(g.next() % 2000))
            return "\"\(long)\" AND \(syntax[n % syntax.count]) NEAR(\(long) marbles)"
        }
    }

    @Test func bm25_OverTenThousandHostileQuestions_NeverFails_AndReturnsMinOfKAndF() throws {
        let h = try ServiceHarness.make()
        let texts = ["Natalia sold clips to 48 friends.", "Zoë has 3 marbles AND 2 cookies.", "", "NEAR(\"x\") * ^ : -",
                     "How many cookies?", "éé aa 🙂", "quokka", "Weng earns $12 an hour."]
        let items = (0..<24).map { ItemInput(extID: "e\($0)", question: texts[$0 % texts.count] + " \($0)", answer: "a\($0)") }
        try ExemplarPoolSeeder.seed(h, items: items)
        let pipeline = h.service.exemplarPipeline
        var g = SplitMix64(seed: 20_261_207)
        for n in 0..<10_000 {
            let question = Self.question(n, &g)
            let k = Int(g.next() % 30)
            let excluded = (0..<Int(g.next() % 5)).map { _ in "e\(g.next() % 24)" }
            let request = try ExemplarRequest.parse(.object([
                "pool": .string("p"), "question": .string(question), "method": .string("bm25"), "k": .int(k),
                "exclude_ids": .array(excluded.map(JSONValue.string)),
            ]))
            let run: ExemplarPipeline.Run
            do { run = try pipeline.execute(request) } catch {
                Issue.record("question \(n) \(question.prefix(80).debugDescription): \(error)")
                continue
            }
            let allowed = 24 - Set(excluded).count
            #expect(run.result.order.count == min(k, allowed), "question \(n)")
            #expect(Set(run.result.order).count == run.result.order.count)
        }
    }

    /// The in-memory index scores what FTS5 scores, bit for bit, for every hostile question, on a
    /// pool whose own questions are hostile too (tokens past the 32 KiB cut, NUL, operators).
    @Test func searchIndex_OverTenThousandHostileQuestions_ScoresBitForBitAsFTS5() throws {
        let h = try ServiceHarness.make()
        var g = SplitMix64(seed: 20_261_208)
        let items = (0..<200).map { ItemInput(extID: "e\($0)", question: $0 % 5 == 4 ? nil : Self.question($0, &g) + " marbles") }
        try ExemplarPoolSeeder.seed(h, items: items)
        let (poolID, index) = try h.service.database.read { db in
            let id = try db.requirePool(named: "p").id
            return (id, try db.itemSearchIndex(poolID: id))
        }
        var matched = 0
        for n in 0..<10_000 {
            let tokens = try QueryTokenizer.shared.tokens(Self.question(n, &g))
            let got = index.scores(tokens: tokens).map { "\(index.rowIDs[$0.position]):\($0.score.bitPattern)" }
            let want = try QueryTokenizer.matchExpression(tokens).map { match in
                try h.service.database.read { db in try db.itemSearchScores(poolID: poolID, match: match) }
                    .map { "\($0.rowID):\($0.score.bitPattern)" }
            } ?? []
            #expect(got == want, "question \(n)")
            matched += want.isEmpty ? 0 : 1
        }
        #expect(matched > 1000)
    }
}
