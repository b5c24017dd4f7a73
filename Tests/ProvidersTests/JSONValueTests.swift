import Foundation
import PropertyBased
import Testing
@testable import Providers

struct JSONValueTests {
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

    @Test func cacheKey_DependsOnBaseURL() {
        let request = JSONValue.object(["model": .string("m")])
        #expect(ProviderCacheKey.key(request: request, baseURL: "http://a/v1") != ProviderCacheKey.key(request: request, baseURL: "http://b/v1"))
        #expect(ProviderCacheKey.key(request: request, baseURL: "http://a/v1").count == 64)
    }
}
