import PropertyBased
import Testing
@testable import JSON

@Suite struct JSONParserTests {
    @Test func parse_KeepsIntegersApartFromDoubles() throws {
        #expect(try JSONParser.parse("[1, -0, 1.0, 1e2, 9007199254740993]") == .array([.int(1), .int(0), .double(1), .double(100), .int(9_007_199_254_740_993)]))
    }

    @Test func parse_KeepsObjectKeyOrder() throws {
        let v = try JSONParser.parse(#"{"b": 1, "a": {"z": null, "y": true}}"#)
        #expect(v == .object(["b": .int(1), "a": .object(["z": .null, "y": .bool(true)])]))
    }

    @Test func parse_DecodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\né😀"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "1e", "tru", "\"\\x\"", "\"a", "[1] 2",
        "{\"a\":1,\"a\":2}", "\"\\ud800\"", "NaN", "Infinity", "{a:1}", "\"\u{01}\"", "1e999",
    ])
    func parse_Rejects_MalformedInput(text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test func parse_RejectsInvalidUTF8_InStrings() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func parse_BoundsNestingDepth_InsteadOfOverflowingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
    }

    @Test func failure_ReportsByteOffset() {
        do {
            _ = try JSONParser.parse("[1, 2, x]")
            Issue.record("expected a failure")
        } catch {
            #expect(error.offset == 7)
        }
    }

    @Test func writer_Output_ParsesBackToTheSameValue() async {
        let gen = Gen.int(in: -1_000_000...1_000_000).array(of: 0...20)
        await propertyCheck(input: gen, Gen.letterOrNumber.string(of: 0...12)) { ints, s in
            let value = JSONValue.object([
                "ints": .ints(ints), "doubles": .doubles(ints.map { Double($0) / 7 }), "s": .string(s + "\"\\\n\u{7}"),
            ])
            let back = try JSONParser.parse(JSONWriter.encode(value))
            #expect(back == value)
        }
    }

    @Test func writer_IsDeterministic_AndKeepsMemberOrder() {
        let v = JSONValue.object(["z": .int(1), "a": .double(0.5), "m": .null])
        #expect(String(decoding: JSONWriter.encode(v), as: UTF8.self) == #"{"z":1,"a":0.5,"m":null}"#)
    }
}

/// The float plan (issue 13, item 2): arrays it names are decoded straight into Float storage,
/// with the same values and the same errors as the ordinary path.
@Suite struct JSONFloatPlanTests {
    static let plan = JSONFloatPlan.members(["v": .vector, "t": .members(["rows": .rows, "by": .everyMember(.rows)])])

    @Test func plannedArrays_DecodeToTheSameFloats_AsTheOrdinaryPath() async {
        let number = Gen.int(in: -1_000_000...1_000_000).map { Double($0) / 977 }
        await propertyCheck(input: number.array(of: 1...12), Gen.int(in: 1...4)) { values, rowCount in
            let row = JSONValue.doubles(values)
            let body = JSONWriter.encode(.object([
                "v": row, "t": .object(["rows": .array(Array(repeating: row, count: rowCount)), "by": .object(["a": .array([row])])]),
            ]))
            let document = try JSONParser.parse(body, plan: Self.plan)
            let expected = values.map { Float($0) }
            #expect(document.floatBlocks["v"] == JSONFloatBlock(rows: 1, cols: values.count, values: expected))
            #expect(document.floatBlocks["t.rows"] == JSONFloatBlock(rows: rowCount, cols: values.count, values: Array([[Float]](repeating: expected, count: rowCount).joined())))
            #expect(document.floatBlocks["t.by.a"] == JSONFloatBlock(rows: 1, cols: values.count, values: expected))
            #expect(document.value["v"] == .array([]))
        }
    }

    @Test(arguments: [
        #"{"v": [1, "2"]}"#, #"{"v": []}"#, #"{"v": [1, 1e39]}"#, #"{"v": {"a": 1}}"#, #"{"t": {"rows": [[1, 2], [3]]}}"#,
        #"{"t": {"rows": [[]]}}"#, #"{"t": {"rows": [[[1]]]}}"#, #"{"t": {"rows": [1, 2]}}"#, #"{"t": {"rows": []}}"#,
    ])
    func whatDoesNotFit_IsParsedTheOrdinaryWay(text: String) throws {
        let document = try JSONParser.parse(Array(text.utf8), plan: Self.plan)
        #expect(document.floatBlocks.isEmpty)
        #expect(document.value == (try JSONParser.parse(text)))
    }

    @Test func arraysPastTheLimits_AreSkippedUnread_AndTheRestIsParsed() throws {
        let limits = JSONFloatLimits(columns: 3, rows: 2)
        let text = #"{"v": [0,0,0,0], "t": {"rows": [[1,2],[3,4],[5,6]], "by": {"a": [[1,2,3],[4,5,6]], "b": [[1,2],[3]]}}, "after": 1}"#
        let document = try JSONParser.parse(Array(text.utf8), plan: Self.plan, limits: limits)
        #expect(document.floatBlocks["v"]?.skipped == true && document.floatBlocks["v"]?.values == [])
        #expect(document.floatBlocks["t.rows"]?.skipped == true && document.floatBlocks["t.rows"]?.rows == 3)
        #expect(document.floatBlocks["t.by.a"] == JSONFloatBlock(rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6]))
        // Ragged within the limits: the ordinary path, for its reader to refuse.
        #expect(document.floatBlocks["t.by.b"] == nil && document.value["t"]?["by"]?["b"] != nil)
        #expect(document.value["after"] == .int(1))
        let within = try JSONParser.parse(Array(#"{"v": [0,0,0]}"#.utf8), plan: Self.plan, limits: limits)
        #expect(within.floatBlocks["v"] == JSONFloatBlock(rows: 1, cols: 3, values: [0, 0, 0]))
    }

    /// What does not fit Float storage (a string among the numbers) is parsed the ordinary way,
    /// but never into a tree wider than the limits: the parse fails at the first element past them.
    @Test func ordinaryPathAtAPlannedArray_StopsAtTheLimits() {
        let limits = JSONFloatLimits(columns: 3, rows: 2)
        let cases: [(String, String)] = [
            (#"{"v": [0, 0, 0, 0, "x"]}"#, "v[3]"), (#"{"t": {"rows": [[1], [2], ["x"]]}}"#, "t.rows[2]"),
            (#"{"t": {"rows": [[1, 2, 3, 4, "x"]]}}"#, "t.rows[0][3]"),
        ]
        for (text, path) in cases {
            do {
                _ = try JSONParser.parse(Array(text.utf8), plan: Self.plan, limits: limits)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.path == path, "\(text): \(error)")
                #expect(error.message.hasPrefix("more than"), "\(text): \(error)")
            }
        }
        // Within the limits the ordinary path reads it whole and leaves the verdict to the reader.
        #expect((try? JSONParser.parse(Array(#"{"v": [0, 0, "x"]}"#.utf8), plan: Self.plan, limits: limits)) != nil)
    }

    @Test func failures_NameTheirJSONPath() {
        let cases: [(String, String)] = [
            (#"{"v": [1, 2e999]}"#, "v[1]"), (#"{"t": {"rows": [[1], [2, 3e999]]}}"#, "t.rows[1][1]"),
            (#"{"a": {"b": [true, {"c": nil}]}}"#, "a.b[1].c"), (#"[1, 2, x]"#, "[2]"), (#"{"a": 1,}"#, ""),
        ]
        for (text, path) in cases {
            do {
                _ = try JSONParser.parse(Array(text.utf8), plan: Self.plan)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.path == path, "\(text): \(error)")
            }
        }
    }
}
