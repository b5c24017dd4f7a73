// libFuzzer entry for the HTTP request parser: head parsing (request line, target, header
// fields, limits) and body framing (Content-Length, chunked, trailers), fed through the
// production reading path. Built outside SwiftPM by `make fuzz` / `make fuzz-smoke`:
//   swiftc -sanitize=fuzzer,address -parse-as-library Sources/HTTP/*.swift fuzz/*.swift
//
// Oracle beyond "no crash": the same bytes must parse to the same requests (or the same error)
// however the network splits them, so the first input byte chooses a split size.

/// Scripted bytes delivered `step` at a time, then end of stream.
final class FuzzByteSource: ByteSource {
    private let bytes: [UInt8]
    private let step: Int
    private var offset = 0

    init(_ bytes: [UInt8], step: Int) {
        self.bytes = bytes
        self.step = max(1, step)
    }

    func receive(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws -> Int {
        let count = min(step, buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
        offset += count
        return count
    }
}

/// What a stream parsed to: each request's method, target, headers and body, then how it ended.
struct FuzzOutcome: Equatable {
    var requests: [String] = []
    var ending = "eof"
}

/// Reads requests with a small head limit (so the limit paths run) until the stream ends or fails.
func parseStream(_ bytes: [UInt8], step: Int, capacity: Int) -> FuzzOutcome {
    var outcome = FuzzOutcome()
    let input = InputBuffer(source: FuzzByteSource(bytes, step: step), capacity: capacity)
    var limits = RequestHeadLimits()
    limits.maxRequestLineBytes = 512
    limits.maxHeaderBytes = 2048
    limits.maxHeaderCount = 20
    let reader = RequestHeadReader(input: input, limits: limits)
    do {
        while let head = try reader.next(deadline: .after(.seconds(5))) {
            let segments = try Router.pathSegments(ofRawPath: head.target.split(separator: "?", maxSplits: 1).first ?? "")
            let body = FramedBodyReader(framing: try BodyFraming.of(head), input: input, readTimeout: .seconds(5), streamLimit: 1 << 16)
            var data: [UInt8] = []
            while let chunk = try body.read(upTo: 13) { data += chunk }
            outcome.requests.append("\(head.method) \(head.target) \(segments) \(head.headers.fields.map { "\($0.name)=\($0.value)" }) \(data)")
        }
    } catch let error as HTTPError {
        outcome.ending = "\(error.status) \(error.message)"
    } catch {
        outcome.ending = "\(error)"
    }
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let step = Int(data[0] % 64) + 1
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let whole = parseStream(bytes, step: bytes.count + 1, capacity: 64 * 1024)
    let split = parseStream(bytes, step: step, capacity: 64)
    if whole != split {
        fatalError("split-dependent parse (step \(step)):\n whole: \(whole)\n split: \(split)")
    }
    return 0
}
