/// Reading one request and writing its answer.
extension HTTPConnection {
    func serveOne(started: Deadline, headDeadline: Deadline) -> Outcome {
        let head: RequestHead
        do {
            guard let parsed = try RequestHeadReader(input: input, limits: configuration.headLimits).next(deadline: headDeadline)
            else { return .close }
            head = parsed
        } catch {
            return answerBeforeRouting(error, method: nil, started: started)
        }
        return serve(head, started: started)
    }

    private func serve(_ head: RequestHead, started: Deadline) -> Outcome {
        let requestID = head.headers["x-request-id"].flatMap { RequestIDGenerator.isAcceptable($0) ? $0 : nil } ?? requestIDs.next()
        let framing: BodyFraming
        let rawPath: Substring
        let segments: [String]
        let path: String
        let query: [(name: String, value: String)]
        do {
            framing = try BodyFraming.of(head)
            let split = RequestTarget.split(head.target)
            rawPath = split.rawPath
            path = try RequestTarget.decodedPath(rawPath)
            query = try RequestTarget.decodedQuery(split.rawQuery)
            segments = head.target == "*" ? [] : try Router.pathSegments(ofRawPath: rawPath)
        } catch {
            return answerBeforeRouting(error, method: head.method, requestID: requestID, started: started)
        }
        let route: Route
        let parameters: [String: String]
        switch router.resolve(method: head.method, pathSegments: segments) {
        case .notFound:
            return answerUnrouted(HTTPError.notFound(), head: head, framing: framing, pattern: nil, requestID: requestID, started: started)
        case .methodNotAllowed(let pattern, let allow):
            return answerUnrouted(
                HTTPError.methodNotAllowed(allow: allow), head: head, framing: framing, pattern: pattern, requestID: requestID,
                started: started)
        case .matched(let matched, let matchedParameters):
            route = matched
            parameters = matchedParameters
        }
        let bodyLimit = route.bodyLimit ?? configuration.defaultBodyLimit
        let streamLimit = max(route.streamLimit ?? configuration.defaultStreamLimit, bodyLimit)
        if case .length(let length) = framing, length > streamLimit {
            return answerBeforeRouting(
                HTTPError.payloadTooLarge(limit: streamLimit), method: head.method, pattern: route.pattern.text,
                requestID: requestID, started: started)
        }
        let reader = makeBodyReader(head, framing: framing, streamLimit: streamLimit)
        let declaredLength: Int? = if case .length(let length) = framing { length } else { nil }
        let request = HTTPRequest(
            method: head.method, target: head.target, path: path, query: query, version: head.version, headers: head.headers,
            pathParameters: parameters, routePattern: route.pattern.text, bodyLimit: bodyLimit, requestID: requestID,
            body: HTTPRequestBody(source: reader, declaredLength: declaredLength, defaultLimit: bodyLimit, budget: bodyBudget))
        let response: HTTPResponse
        do {
            response = try route.handler(request)
        } catch {
            response = errorResponder(error)
        }
        // What the handler collected and parsed is gone with it (a streamed answer captures what it needs).
        request.body.releaseCharge()
        let reusable = finishBody(reader, answeringWith: response.status)
        let outcome = write(
            response, for: head, keepAlive: reusable && wantsKeepAlive(head), pattern: route.pattern.text,
            requestID: requestID, requestBodyBytes: reader.bytesRead, started: started)
        return Self.lingeringIfBodyUnread(outcome, reusable: reusable)
    }

    /// Closing with unread request bytes makes the kernel reset the connection, which can destroy
    /// the response just sent: linger instead.
    static func lingeringIfBodyUnread(_ outcome: Outcome, reusable: Bool) -> Outcome {
        outcome == .close && !reusable ? .closeGracefully : outcome
    }

    private func makeBodyReader(_ head: RequestHead, framing: BodyFraming, streamLimit: Int) -> FramedBodyReader {
        let expectsContinue =
            head.version == .http1_1 && framing != .none
            && head.headers["expect"].map { $0.lowercased() == "100-continue" } == true
        let sink = self.sink
        return FramedBodyReader(
            framing: framing, input: input, readTimeout: configuration.bodyReadTimeout, streamLimit: streamLimit,
            beforeFirstRead: expectsContinue ? { try sink.send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) } : nil)
    }

    /// Whether the connection can carry another request after the handler: the body must be read
    /// to its end (drained if small), never left to be misparsed as the next request. An error
    /// answer (4xx/5xx) never waits for body bytes still in flight: it goes out at once and the
    /// connection closes, unless the rest of the body had already arrived.
    private func finishBody(_ reader: FramedBodyReader, answeringWith status: HTTPStatus) -> Bool {
        if reader.isComplete { return !reader.failed }
        if reader.failed || reader.awaitsContinue { return false }
        if status.isClientError || status.isServerError { return reader.drainBuffered(maxBytes: configuration.maxDrainBytes) }
        return reader.drain(maxBytes: configuration.maxDrainBytes)
    }

    func wantsKeepAlive(_ head: RequestHead) -> Bool {
        guard !registry.isDraining else { return false }
        guard head.headers.contains("connection") else { return head.version == .http1_1 }
        let tokens = head.headers.values(for: "connection").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingASCIIWhitespace().lowercased() }
        switch head.version {
        case .http1_1: return !tokens.contains("close")
        case .http1_0: return tokens.contains("keep-alive")
        }
    }

    /// 404/405: the handler never ran; the body is discarded only as far as it already arrived.
    private func answerUnrouted(
        _ error: HTTPError, head: RequestHead, framing: BodyFraming, pattern: String?, requestID: String, started: Deadline
    ) -> Outcome {
        let reader = makeBodyReader(head, framing: framing, streamLimit: configuration.maxDrainBytes)
        let reusable = finishBody(reader, answeringWith: error.status)
        let outcome = write(
            errorResponder(error), for: head, keepAlive: reusable && wantsKeepAlive(head), pattern: pattern,
            requestID: requestID, requestBodyBytes: reader.bytesRead, started: started)
        return Self.lingeringIfBodyUnread(outcome, reusable: reusable)
    }

    /// Errors in the head or framing: answer and close, since the stream position is unknown.
    private func answerBeforeRouting(
        _ error: any Error, method: HTTPMethod?, pattern: String? = nil, requestID: String? = nil, started: Deadline
    ) -> Outcome {
        let requestID = requestID ?? requestIDs.next()
        let response = errorResponder(error)
        let bytes: [UInt8]
        if case .bytes(let body) = response.body { bytes = body } else { bytes = [] }
        let head = ResponseHeadSerializer.serialize(
            status: response.status, headers: response.headers, framing: .length(bytes.count), version: .http1_1,
            keepAlive: false, requestID: requestID)
        let sent = (try? sink.send(head + bytes)) != nil
        report(method: method, pattern: pattern, status: response.status, requestID: requestID, requestBodyBytes: 0,
            responseBytes: sent ? head.count + bytes.count : 0, started: started)
        return .closeGracefully
    }

    func report(
        method: HTTPMethod?, pattern: String?, status: HTTPStatus, requestID: String, requestBodyBytes: Int, responseBytes: Int,
        started: Deadline
    ) {
        observer?.requestCompleted(
            HTTPRequestRecord(
                method: method, routePattern: pattern, status: status, duration: Deadline.now().seconds(since: started),
                requestID: requestID, requestBodyBytes: requestBodyBytes, responseBytes: responseBytes))
    }
}
