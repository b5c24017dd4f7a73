import Foundation
@testable import Selection
@testable import Service
import Testing

/// The frames of uot's Sinkhorn rounds read back as written, through a pipe as the processes
/// exchange them; a short, unknown or overlong frame is refused with an error, and the end of
/// the input between frames is the end of the exchange.
@Suite struct SinkhornFrameTests {
    static let frames: [SinkhornFrame] = [
        .hello(fingerprints: [1, UInt64.max, 0, 42]),
        .load(repeats: []),
        .load(repeats: [0, 7, 3, 1, 9, 2]),
        .ready,
        .round(uPrev: nil, u: nil),
        .round(uPrev: nil, u: [0.5, -0.0, .infinity]),
        .round(uPrev: [1e-300, 2], u: [3, .nan]),
        .reply(UOTRoundReply(guardFired: true, allFinite: false, diff: 0.25, scale: 1, blockCount: 2, blockSums: [1, 2, 3, 4])),
        .masses(u: [1, 2], onesV: true),
        .mass([0.125, .leastNonzeroMagnitude]),
        .quality(selected: [4, 0, 99]),
        .figures(SelectionCoverage(bestSelected: [0.5, nil], nearestSelected: [3, nil], poolBest: [0.75, -1], candidateBest: [0.1, 0.2, 0.3])),
        .progress(done: 3, total: 1000),
        .end,
    ]

    @Test func everyFrame_ReadsBackAsWritten_ThroughAPipe() throws {
        let pipe = Pipe()
        for frame in Self.frames { try frame.write(to: pipe.fileHandleForWriting.fileDescriptor) }
        try pipe.fileHandleForWriting.close()
        for frame in Self.frames {
            let read = try #require(try SinkhornFrame.read(from: pipe.fileHandleForReading.fileDescriptor))
            // NaN is not equal to itself: compare the bytes.
            #expect(read.bytes == frame.bytes, "\(frame.name)")
        }
        #expect(try SinkhornFrame.read(from: pipe.fileHandleForReading.fileDescriptor) == nil)
    }

    @Test func plan_IsJSONForTheDriver() {
        let bytes = SinkhornFrame.plan(ranges: [0..<16384, 16384..<40000]).bytes
        #expect(bytes[8] == UInt8(ascii: "P"))
        #expect(String(decoding: bytes.dropFirst(9), as: UTF8.self) == #"{"ranges": [[0, 16384], [16384, 40000]]}"#)
        #expect(bytes.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) } == UInt64(bytes.count - 8))
    }

    @Test func badFrames_AreRefused() throws {
        #expect(throws: EngineError.self) { try SinkhornFrame(payload: [0x7A]) }
        #expect(throws: EngineError.self) { try SinkhornFrame(payload: Array(SinkhornFrame.mass([1, 2]).bytes.dropFirst(8).dropLast(1))) }
        #expect(throws: EngineError.self) { try SinkhornFrame(payload: Array(SinkhornFrame.ready.bytes.dropFirst(8)) + [0]) }
        let pipe = Pipe()
        try pipe.fileHandleForWriting.write(contentsOf: Data(SinkhornFrame.mass([1, 2]).bytes.dropLast(3)))
        try pipe.fileHandleForWriting.close()
        #expect(throws: EngineError.self) { try SinkhornFrame.read(from: pipe.fileHandleForReading.fileDescriptor) }
    }
}
