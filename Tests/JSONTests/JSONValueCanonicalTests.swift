import Foundation
import PropertyBased
import Testing
@testable import JSON

struct JSONValueCanonicalTests {
    @Test func canonicalText_SortsKeys_AndHasNoWhitespace() {
        let value: JSONValue = .object(["b": .int(1), "a": .array([.bool(true), .null]), "C": .string("x y")])
        #expect(value.canonicalText == #"{"C":"x y","a":[true,null],"b":1}"#)
    }

    @Test func canonicalText_WritesWholeDoublesAsIntegers_SoZeroAndZeroPointZeroShareAKey() {
        #expect(JSONValue.double(0).canonicalText == JSONValue.int(0).canonicalText)
        #expect(JSONValue.double(0.7).canonicalText == "0.7")
        #expect(JSONValue.double(.nan).canonicalText == "null")
    }

    @Test func canonicalText_EscapesQuotesBackslashesAndControlCharacters() {
        #expect(JSONValue.string("a\"b\\c\n\u{1}é").canonicalText == "\"a\\\"b\\\\c\\n\\u0001é\"")
    }

    @Test func canonicalText_ParsesBackToTheSameStrings() async throws {
        await propertyCheck(input: Gen.unicodeScalar(in: "\u{0}"..."\u{2FF}").array(of: 0...40)) { scalars in
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            let json = JSONValue.object([text: .string(text)]).canonicalText
            let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
            #expect(parsed == [text: text])
        }
    }
}

struct JSONWriterVerbatimTests {
    @Test func verbatimText_IsSplicedUnchanged_WhereAValueGoes() throws {
        let stored = #"{"method":"less","targets":{"vectors":[[1.5,-2.0]]}}"#
        let page = JSONValue.object(["data": .array([.object(["id": .string("j\"1"), "request": .verbatim(stored)])])])
        #expect(JSONWriter.text(page) == #"{"data":[{"id":"j\"1","request":"# + stored + "}]}")
        let reread = try JSONParser.parse(JSONWriter.text(page))
        #expect(reread["data"]?.arrayValue?.first?["request"] == (try JSONParser.parse(stored)))
    }
}
