@testable import HTTP

/// A request as the server's own reading path sees it: head plus the decoded body.
struct ParsedRequest: Equatable {
    var head: RequestHead
    var body: [UInt8]

    /// Reads every request from `source` with the production head reader and body decoder.
    static func readAll(
        from source: ScriptedByteSource, limits: RequestHeadLimits = RequestHeadLimits(), readSize: Int = 7
    ) throws -> [ParsedRequest] {
        let input = InputBuffer(source: source, capacity: 64)
        let reader = RequestHeadReader(input: input, limits: limits)
        var requests: [ParsedRequest] = []
        while let head = try reader.next(deadline: .after(.seconds(5))) {
            let body = FramedBodyReader(
                framing: try BodyFraming.of(head), input: input, readTimeout: .seconds(5), streamLimit: .max)
            var bytes: [UInt8] = []
            while let chunk = try body.read(upTo: readSize) { bytes += chunk }
            requests.append(ParsedRequest(head: head, body: bytes))
        }
        return requests
    }

    static func readOne(_ text: String, limits: RequestHeadLimits = RequestHeadLimits()) throws -> ParsedRequest? {
        try readAll(from: .make(text), limits: limits).first
    }
}
