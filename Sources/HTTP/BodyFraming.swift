/// How the request body is delimited (RFC 9112 §6.3), decided from the head alone.
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked

    static func of(_ head: RequestHead) throws(HTTPError) -> BodyFraming {
        let transferEncodings = head.headers.values(for: "transfer-encoding")
        let contentLengths = head.headers.values(for: "content-length")
        if !transferEncodings.isEmpty {
            // Both together is the classic request-smuggling vector: refuse rather than pick one.
            guard contentLengths.isEmpty else {
                throw HTTPError.invalidRequest("Content-Length and Transfer-Encoding together", param: "content-length")
            }
            return try chunkedFraming(transferEncodings)
        }
        guard let only = contentLengths.first else { return .none }
        guard contentLengths.count == 1 else {
            throw HTTPError.invalidRequest("duplicate Content-Length", param: "content-length")
        }
        return .length(try parseContentLength(only))
    }

    private static func chunkedFraming(_ values: [String]) throws(HTTPError) -> BodyFraming {
        let codings = values.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingASCIIWhitespace().lowercased() }
            .filter { !$0.isEmpty }
        guard let last = codings.last else {
            throw HTTPError.invalidRequest("empty Transfer-Encoding", param: "transfer-encoding")
        }
        if let unsupported = codings.first(where: { $0 != "chunked" }) {
            throw HTTPError.notImplemented("unsupported transfer coding \(unsupported)")
        }
        guard last == "chunked", codings.count == 1 else {
            throw HTTPError.invalidRequest("chunked applied more than once", param: "transfer-encoding")
        }
        return .chunked
    }

    /// 1*DIGIT only; a comma list (even of equal values) counts as a duplicate.
    private static func parseContentLength(_ value: String) throws(HTTPError) -> Int {
        guard value.contains(",") == false else {
            throw HTTPError.invalidRequest("duplicate Content-Length", param: "content-length")
        }
        guard !value.isEmpty, value.utf8.count <= 18, value.utf8.allSatisfy({ (48...57).contains($0) }),
            let length = Int(value)
        else { throw HTTPError.invalidRequest("malformed Content-Length", param: "content-length") }
        return length
    }
}
