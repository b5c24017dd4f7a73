@testable import HTTP

/// Delivers fixed byte segments one receive at a time, then end of stream: lets parser tests
/// choose exactly where the network splits a request.
final class ScriptedByteSource: ByteSource {
    private var segments: [[UInt8]]

    init(segments: [[UInt8]]) {
        self.segments = segments.filter { !$0.isEmpty }
    }

    static func make(_ bytes: [UInt8], splitAt cuts: [Int] = []) -> ScriptedByteSource {
        var segments: [[UInt8]] = []
        var start = 0
        for cut in cuts.map({ min(max($0, 0), bytes.count) }).sorted() where cut > start {
            segments.append(Array(bytes[start..<cut]))
            start = cut
        }
        segments.append(Array(bytes[start...]))
        return ScriptedByteSource(segments: segments)
    }

    static func make(_ text: String, splitAt cuts: [Int] = []) -> ScriptedByteSource {
        make(Array(text.utf8), splitAt: cuts)
    }

    func receive(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws -> Int {
        guard !segments.isEmpty else { return 0 }
        let segment = segments.removeFirst()
        let count = min(segment.count, buffer.count)
        segment.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        if count < segment.count { segments.insert(Array(segment[count...]), at: 0) }
        return count
    }
}
