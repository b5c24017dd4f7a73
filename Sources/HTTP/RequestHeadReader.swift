/// Reads the next request head from a connection's input, however its bytes arrive.
struct RequestHeadReader {
    let input: InputBuffer
    let limits: RequestHeadLimits

    /// The head, consumed from the input; nil when the stream ended mid-head. A deadline passing
    /// becomes a 408 `HTTPError`, a rule broken the matching 4xx/5xx.
    func next(deadline: Deadline) throws -> RequestHead? {
        var progress = HeadScanProgress()
        while true {
            let parsed = try input.withReadable { try RequestHeadParser.parse($0, limits: limits, progress: &progress) }
            if let parsed {
                input.consume(parsed.consumed)
                return parsed.head
            }
            do {
                guard try input.fill(deadline: deadline) else { return nil }
            } catch TransportError.timedOut {
                throw HTTPError.requestTimeout("request head not received within the header timeout")
            }
        }
    }
}
