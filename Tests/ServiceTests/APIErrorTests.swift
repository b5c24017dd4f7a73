import Foundation
import HTTP
import JSON
import Selection
import Storage
import Testing
@testable import Service

@Suite struct APIErrorTests {
    @Test func body_HasTypeCodeMessageAndParam_InThatOrder() {
        let e = APIError.invalid("k = 5 exceeds the 3 candidates", param: "budget.k", code: "invalid_budget")
        #expect(Self.text(e.response)
            == #"{"error":{"type":"invalid_request","code":"invalid_budget","message":"k = 5 exceeds the 3 candidates","param":"budget.k"}}"#)
        #expect(e.response.status == 400)
        #expect(e.response.headers["content-type"] == "application/json")
    }

    @Test func internalError_CarriesNoDetails() {
        #expect(Self.text(APIError.response(for: APIError.internalError)) == #"{"error":{"type":"internal","message":"internal error"}}"#)
        struct Secret: Error { let sql = "SELECT secret" }
        #expect(Self.text(APIError.response(for: Secret())) == #"{"error":{"type":"internal","message":"internal error"}}"#)
    }

    @Test func serverErrors_AreRenderedAsTheAPIDocument_WithTheirTypeParamAndHeaders() {
        let framing = APIError.response(for: HTTPError.invalidRequest("bad \"x\"\n", param: "content-length"))
        #expect(framing.status == .badRequest)
        #expect(Self.text(framing) == #"{"error":{"type":"invalid_request","message":"bad \"x\"\n","param":"content-length"}}"#)
        let wrongMethod = APIError.response(for: HTTPError.methodNotAllowed(allow: [.get, .head]))
        #expect(Self.text(wrongMethod) == #"{"error":{"type":"method_not_allowed","message":"method not allowed; allowed: GET, HEAD"}}"#)
        #expect(wrongMethod.headers["allow"] == "GET, HEAD")
        #expect(Self.text(APIError.response(for: HTTPError.headersTooLarge("too many"))).contains(#""type":"headers_too_large""#))
    }

    @Test func aBusyDatabase_Is503_AndOtherSQLiteErrorsAreInternal() {
        let busy = SQLiteError(extendedCode: SQLiteResultCode.busy, message: "database is locked", operation: "step")
        #expect(APIError.from(busy).error.status == .serviceUnavailable)
        #expect(APIError.from(busy).isInternal == false)
        let corrupt = SQLiteError(extendedCode: SQLiteResultCode.corrupt, message: "malformed", operation: "step")
        #expect(APIError.from(corrupt).error == APIError.internalError)
        #expect(APIError.from(corrupt).isInternal)
    }

    private static func text(_ response: HTTPResponse) -> String {
        guard case .bytes(let bytes) = response.body else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func selectionError_MapsToInvalidRequest_WithPrefixedParam() {
        let e = APIError(SelectionError(.invalidParameter, "lambda must lie in [0, 1]", parameter: "lambda")) { "params.\($0)" }
        #expect(e.status == 400 && e.code == "invalid_parameter" && e.param == "params.lambda")
    }

    @Test func objectReader_NamesTheJSONPath_OfAWrongType() throws {
        let v = try JSONParser.parse(#"{"budget": {"k": "ten"}}"#)
        let budget = try #require(try JSONObjectReader(v).object("budget"))
        #expect(throws: APIError.invalid("budget.k must be an integer", param: "budget.k")) { try budget.int("k") }
    }

    @Test func objectReader_RejectsUnknownFields_NamingThem() throws {
        let r = try JSONObjectReader(try JSONParser.parse(#"{"pool": "a", "pol": 1}"#))
        #expect(throws: APIError.invalid("unknown field \"pol\"", param: "pol", code: "unknown_parameter")) { try r.rejectUnknown(allowed: ["pool"]) }
    }

    @Test func objectReader_FloatRow_RejectsValuesOutsideFloat32() throws {
        let r = try JSONObjectReader(try JSONParser.parse(#"{"query_vector": [0.5, 1e39]}"#))
        #expect(throws: APIError.invalid("query_vector[1] is not a finite float32", param: "query_vector[1]", code: "non_finite_input")) { try r.floats("query_vector") }
    }
}
