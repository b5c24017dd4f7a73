import JSON
import LinearAlgebra
@testable import Service
import Testing

/// Inline target rows in the stored request are written straight from their Float storage:
/// the same text the tree of doubles gave, and it reads back to the same float bits.
@Suite struct SelectionEchoTests {
    /// Zeros of both signs, the smallest subnormal, the smallest normal, the extremes, an odd
    /// integer past 2^24, and decimals float32 cannot hold exactly.
    static let awkward: [Float] = [0, -0.0, 1, -3, 0.1, Float(bitPattern: 1), -.leastNormalMagnitude, .greatestFiniteMagnitude,
                                   -.greatestFiniteMagnitude, Float(bitPattern: 0x4B80_0001), 3.4e-5, 123_456.79]

    @Test func rowsJSON_IsTheTextOfTheDoubleTree_AndReparsesToTheSameFloats() throws {
        let matrix = Matrix(rows: 3, cols: 4, values: Self.awkward)
        let tree = JSONValue.array((0..<3).map { r in .array(Self.awkward[(r * 4)..<(r * 4 + 4)].map { .double(Double($0)) }) })
        let written = JSONWriter.encode(SelectionRequest.rowsJSON(matrix))
        #expect(written == JSONWriter.encode(tree))
        let document = try JSONParser.parse(Array("{\"vectors\":".utf8) + written + Array("}".utf8), plan: .members(["vectors": .rows]))
        let block = try #require(document.floatBlocks["vectors"])
        #expect(block.rows == 3 && block.cols == 4)
        #expect(block.values.map(\.bitPattern) == Self.awkward.map(\.bitPattern))
    }

    @Test func submit_WithInlineVectors_StoresTheFloatsExactly_AndTheJobRunsOnThem() throws {
        let h = try ServiceHarness.make()
        _ = try SelectionTestData.pool(h, "cands", n: 30, d: 3, seed: 2)
        let rows = Matrix(rows: 4, cols: 3, values: Array(Self.awkward.prefix(6)) + [0.25, -2, 7, 1e-3, 5, 6])
        let id = try SelectionTestData.submit(h, SelectionTestData.body(method: "less", targets: .object(["vectors": SelectionTestData.inlineRows(rows)])))
        let job = try SelectionTestData.waitFinished(h.client, id)
        #expect(job["status"]?.stringValue == "succeeded", "\(job)")
        let stored = try #require(job["request"]?["targets"]?["vectors"]?.arrayValue)
        let floats = stored.flatMap { $0.arrayValue ?? [] }.map { Float($0.doubleValue ?? .nan) }
        #expect(floats.map(\.bitPattern) == rows.values.map(\.bitPattern))
    }
}
