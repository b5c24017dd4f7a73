import Foundation
import Selection
import Testing
@testable import Service

@Suite struct APIErrorTests {
    @Test func body_HasTypeCodeMessageAndParam_InThatOrder() {
        let e = APIError.invalid("k = 5 exceeds the 3 candidates", param: "budget.k", code: "invalid_budget")
        #expect(String(decoding: e.httpErrorBody, as: UTF8.self)
            == #"{"error":{"type":"invalid_request","code":"invalid_budget","message":"k = 5 exceeds the 3 candidates","param":"budget.k"}}"#)
        #expect(e.httpStatus == 400)
    }

    @Test func internalError_CarriesNoDetails() {
        #expect(String(decoding: APIError.internalError.httpErrorBody, as: UTF8.self) == #"{"error":{"type":"internal","message":"internal error"}}"#)
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
