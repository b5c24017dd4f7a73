/// Writing a handler's response with the right framing.
extension HTTPConnection {
    func write(
        _ response: HTTPResponse, for head: RequestHead, keepAlive: Bool, pattern: String?, requestID: String,
        requestBodyBytes: Int, started: Deadline
    ) -> Outcome {
        let omitBody = head.method == .head || response.status.forbidsBody
        var status = response.status
        var sentBytes = 0
        var outcome: Outcome = keepAlive ? .keepAlive : .close
        switch response.body {
        case .bytes(let body):
            let framing: ResponseFraming = status.forbidsBody ? .noBody : .length(body.count)
            let headBytes = ResponseHeadSerializer.serialize(
                status: status, headers: response.headers, framing: framing, version: head.version, keepAlive: keepAlive,
                requestID: requestID)
            if (try? sendHeadAndBody(headBytes, omitBody ? [] : body)) != nil {
                sentBytes = headBytes.count + (omitBody ? 0 : body.count)
            } else {
                outcome = .close
            }
        case .stream(let produce):
            let result = stream(produce, response: response, head: head, keepAlive: keepAlive, omitBody: omitBody, requestID: requestID)
            status = result.status
            sentBytes = result.bytes
            if !result.reusable { outcome = .close }
        }
        report(
            method: head.method, pattern: pattern, status: status, requestID: requestID, requestBodyBytes: requestBodyBytes,
            responseBytes: sentBytes, started: started)
        return outcome
    }

    /// One send for small answers (one segment with TCP_NODELAY); large bodies go without copying.
    private func sendHeadAndBody(_ head: [UInt8], _ body: [UInt8]) throws {
        if body.count <= 16 * 1024 {
            try sink.send(head + body)
        } else {
            try sink.send(head)
            try sink.send(body)
        }
    }

    /// Streams a body. If the producer throws before anything reached the wire the client still
    /// gets a proper error response; after that, only closing the connection can signal failure.
    private func stream(
        _ produce: @Sendable (any HTTPBodyWriter) throws -> Void, response: HTTPResponse, head: RequestHead, keepAlive: Bool,
        omitBody: Bool, requestID: String
    ) -> (status: HTTPStatus, bytes: Int, reusable: Bool) {
        let chunked = head.version == .http1_1
        let keepAlive = keepAlive && chunked
        let framing: ResponseFraming = chunked ? .chunked : .untilClose
        let headBytes = ResponseHeadSerializer.serialize(
            status: response.status, headers: response.headers, framing: framing, version: head.version,
            keepAlive: keepAlive, requestID: requestID)
        if omitBody {
            let sent = (try? sink.send(headBytes)) != nil
            return (response.status, sent ? headBytes.count : 0, sent && keepAlive)
        }
        let writer = StreamingBodyWriter(sink: sink, head: headBytes, chunked: chunked)
        do {
            try produce(writer)
            try writer.finish()
            return (response.status, writer.bytesSent, keepAlive)
        } catch {
            guard !writer.hasFlushed else { return (response.status, writer.bytesSent, false) }
            let failure = errorResponder(error)
            var body: [UInt8] = []
            if case .bytes(let bytes) = failure.body { body = bytes }
            let failureHead = ResponseHeadSerializer.serialize(
                status: failure.status, headers: failure.headers, framing: .length(body.count), version: head.version,
                keepAlive: false, requestID: requestID)
            let sent = (try? sink.send(failureHead + body)) != nil
            return (failure.status, sent ? failureHead.count + body.count : 0, false)
        }
    }
}
