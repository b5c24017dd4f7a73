/// Parses a request head (RFC 9112 §2-§5) from buffered bytes, enforcing the limits with the
/// statuses of api.md. Pure: the same bytes give the same result however they were received.
enum RequestHeadParser {
    /// A complete head and the number of bytes it occupied (including leading empty lines).
    struct Parsed: Equatable {
        var head: RequestHead
        var consumed: Int
    }

    /// Returns nil while the head is incomplete; throws as soon as the bytes so far break a rule.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, limits: RequestHeadLimits, progress: inout HeadScanProgress
    ) throws(HTTPError) -> Parsed? {
        let lineStart = leadingEmptyLinesLength(bytes)
        guard let requestLineEnd = try requestLineEnd(bytes, from: lineStart, limits: limits) else { return nil }
        guard let headEnd = try headerSectionEnd(bytes, from: requestLineEnd, limits: limits, progress: &progress)
        else { return nil }
        var (method, target, version) = try RequestLineParser.parse(
            UnsafeBufferPointer(rebasing: bytes[lineStart..<(requestLineEnd - 2)]))
        target = try RequestTarget.normalisedTarget(target, method: method)
        let headers = try HeaderFieldParser.parse(UnsafeBufferPointer(rebasing: bytes[requestLineEnd..<(headEnd - 2)]))
        return Parsed(head: RequestHead(method: method, target: target, version: version, headers: headers), consumed: headEnd)
    }

    static func parse(_ bytes: [UInt8], limits: RequestHeadLimits = RequestHeadLimits()) throws(HTTPError) -> Parsed? {
        var progress = HeadScanProgress()
        do {
            return try bytes.withUnsafeBufferPointer { try parse($0, limits: limits, progress: &progress) }
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError.internalError
        }
    }

    /// RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
    private static func leadingEmptyLinesLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        while index + 1 < bytes.count, bytes[index] == ASCII.cr, bytes[index + 1] == ASCII.lf { index += 2 }
        return index
    }

    /// Offset just past the request line's CRLF.
    private static func requestLineEnd(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limits: RequestHeadLimits
    ) throws(HTTPError) -> Int? {
        let searchEnd = min(bytes.count, start + limits.maxRequestLineBytes + 2)
        guard let lf = firstLineFeed(bytes, from: start, to: searchEnd) else {
            if bytes.count - start > limits.maxRequestLineBytes + 1 { throw HTTPError.uriTooLong(limit: limits.maxRequestLineBytes) }
            return nil
        }
        guard lf > start, bytes[lf - 1] == ASCII.cr else { throw HTTPError.invalidRequest("request line must end with CRLF") }
        if lf - 1 - start > limits.maxRequestLineBytes { throw HTTPError.uriTooLong(limit: limits.maxRequestLineBytes) }
        return lf + 1
    }

    /// Offset just past the empty line ending the header section.
    private static func headerSectionEnd(
        _ bytes: UnsafeBufferPointer<UInt8>, from headerStart: Int, limits: RequestHeadLimits,
        progress: inout HeadScanProgress
    ) throws(HTTPError) -> Int? {
        var lineStart = max(headerStart, progress.nextLineStart ?? headerStart)
        // Built only when thrown: the interpolated message cost ~3% of every request.
        func tooLarge() -> HTTPError { .headersTooLarge("header section exceeds \(limits.maxHeaderBytes) bytes") }
        while let lf = firstLineFeed(bytes, from: lineStart, to: bytes.count) {
            // The bytes before this line feed were over the limit already: a reader that got
            // them without the line feed has answered 431, so the complete bytes must too.
            if lf - headerStart > limits.maxHeaderBytes + 2 { throw tooLarge() }
            guard lf > lineStart, bytes[lf - 1] == ASCII.cr else {
                throw HTTPError.invalidRequest("header lines must end with CRLF")
            }
            if lf + 1 - headerStart > limits.maxHeaderBytes + 2 { throw tooLarge() }
            if lf - 1 == lineStart { return lf + 1 }
            progress.fieldCount += 1
            if progress.fieldCount > limits.maxHeaderCount {
                throw HTTPError.headersTooLarge("more than \(limits.maxHeaderCount) header fields")
            }
            lineStart = lf + 1
            progress.nextLineStart = lineStart
        }
        if bytes.count - headerStart > limits.maxHeaderBytes + 2 { throw tooLarge() }
        return nil
    }

    private static func firstLineFeed(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        var index = from
        while index < to {
            if bytes[index] == ASCII.lf { return index }
            index += 1
        }
        return nil
    }
}
