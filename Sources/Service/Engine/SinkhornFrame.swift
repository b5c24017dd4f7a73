import Foundation
import Selection

/// One message of uot's Sinkhorn rounds in a sharded run, between the coordinator
/// (`shortlist engine sinkhorn`), the driver (`ray/driver.py`) and the block processes
/// (`shortlist engine sinkhorn-block`), over pipes: an 8-byte little-endian payload length, then
/// the payload: one kind byte and its fields (integers as u64, floats as f64, little-endian).
/// The driver reads only the length, the kind, the plan (JSON) and the progress; the rest it
/// passes through.
enum SinkhornFrame: Equatable {
    /// Coordinator to driver, first: the block processes' row ranges, as JSON `{"ranges": [[lo, hi], ...]}`.
    case plan(ranges: [Range<Int>])
    /// Block process, first: its rows' fingerprints, checkpoint after checkpoint (two words a row).
    case hello(fingerprints: [UInt64])
    /// Coordinator to one block (through the driver, which sends it again to a restarted
    /// process): every repeated row of its range as (checkpoint, row, first) triples.
    case load(repeats: [UInt64])
    /// Block: its kernel is built.
    case ready
    /// Coordinator to every block: one round (`UOTKernelBlock.round`).
    case round(uPrev: [Double]?, u: [Double]?)
    case reply(UOTRoundReply)
    /// Coordinator to every block: the masses at the end (`UOTKernelBlock.masses`).
    case masses(u: [Double], onesV: Bool)
    case mass([Double])
    /// Coordinator to every block: the selection (`order`), for its `quality` figures.
    case quality(selected: [Int])
    /// A block's coverage figures of the selection over its own columns (indices from its first).
    case figures(SelectionCoverage)
    /// Coordinator to driver: rounds done of at most `total`.
    case progress(done: Int, total: Int)
    /// Coordinator to driver: the outcome is written; no more requests.
    case end

    private enum Kind: UInt8 {
        case plan = 0x50, hello = 0x48, load = 0x4C, ready = 0x52, round = 0x55, reply = 0x56, masses = 0x4D, mass = 0x57
        case quality = 0x51, figures = 0x46
        case progress = 0x47, end = 0x45
    }

    /// The kind's name, for messages.
    var name: String {
        switch self {
        case .plan: "plan"
        case .hello: "hello"
        case .load: "load"
        case .ready: "ready"
        case .round: "round"
        case .reply: "reply"
        case .masses: "masses"
        case .mass: "mass"
        case .quality: "quality"
        case .figures: "figures"
        case .progress: "progress"
        case .end: "end"
        }
    }

    /// The frame, length prefix included.
    var bytes: [UInt8] {
        var out = Writer()
        switch self {
        case .plan(let ranges):
            out.kind(.plan)
            out.bytes += Array("{\"ranges\": [\(ranges.map { "[\($0.lowerBound), \($0.upperBound)]" }.joined(separator: ", "))]}".utf8)
        case .hello(let words):
            out.kind(.hello)
            out.words(words)
        case .load(let words):
            out.kind(.load)
            out.words(words)
        case .ready: out.kind(.ready)
        case let .round(uPrev, u):
            out.kind(.round)
            out.optionalDoubles(uPrev)
            out.optionalDoubles(u)
        case .reply(let reply):
            out.kind(.reply)
            out.word(reply.guardFired ? 1 : 0)
            out.word(reply.allFinite ? 1 : 0)
            out.doubles([reply.diff, reply.scale])
            out.word(UInt64(reply.blockCount))
            out.doubles(reply.blockSums)
        case let .masses(u, onesV):
            out.kind(.masses)
            out.word(onesV ? 1 : 0)
            out.doubles(u)
        case .mass(let values):
            out.kind(.mass)
            out.doubles(values)
        case .quality(let selected):
            out.kind(.quality)
            out.words(selected.map { UInt64($0) })
        case .figures(let figures):
            out.kind(.figures)
            out.words(figures.bestSelected.map { $0 == nil ? 0 : 1 })
            out.doubles(figures.bestSelected.map { $0 ?? 0 })
            out.words(figures.nearestSelected.map { $0.map(UInt64.init) ?? UInt64.max })
            out.doubles(figures.poolBest)
            out.doubles(figures.candidateBest)
        case let .progress(done, total):
            out.kind(.progress)
            out.word(UInt64(done))
            out.word(UInt64(total))
        case .end: out.kind(.end)
        }
        var length = Writer()
        length.word(UInt64(out.bytes.count))
        return length.bytes + out.bytes
    }

    /// A frame's payload (after its length).
    init(payload: [UInt8]) throws {
        var input = Reader(bytes: payload)
        guard let kind = Kind(rawValue: try input.byte()) else { throw EngineError("a Sinkhorn frame of unknown kind \(payload[0])") }
        switch kind {
        case .plan:
            throw EngineError("a plan frame goes to the driver only")
        case .hello: self = .hello(fingerprints: try input.words())
        case .load: self = .load(repeats: try input.words())
        case .ready: self = .ready
        case .round: self = .round(uPrev: try input.optionalDoubles(), u: try input.optionalDoubles())
        case .reply:
            let (guardFired, allFinite) = (try input.word() != 0, try input.word() != 0)
            let change = try input.doubles()
            let blockCount = Int(try input.word())
            let sums = try input.doubles()
            guard change.count == 2, blockCount > 0, sums.count % blockCount == 0 else { throw EngineError("a malformed Sinkhorn reply frame") }
            self = .reply(UOTRoundReply(guardFired: guardFired, allFinite: allFinite, diff: change[0], scale: change[1],
                                        blockCount: blockCount, blockSums: sums))
        case .masses:
            let onesV = try input.word() != 0
            self = .masses(u: try input.doubles(), onesV: onesV)
        case .mass: self = .mass(try input.doubles())
        case .quality: self = .quality(selected: try input.words().map { Int($0) })
        case .figures:
            let (flags, values, nearest) = (try input.words(), try input.doubles(), try input.words())
            let (poolBest, candidateBest) = (try input.doubles(), try input.doubles())
            guard values.count == flags.count, nearest.count == flags.count, poolBest.count == flags.count else {
                throw EngineError("a malformed Sinkhorn figures frame")
            }
            self = .figures(SelectionCoverage(
                bestSelected: zip(flags, values).map { $0 == 0 ? nil : $1 }, nearestSelected: nearest.map { $0 == UInt64.max ? nil : Int($0) },
                poolBest: poolBest, candidateBest: candidateBest))
        case .progress: self = .progress(done: Int(try input.word()), total: Int(try input.word()))
        case .end: self = .end
        }
        guard input.atEnd else { throw EngineError("a Sinkhorn \(name) frame has \(payload.count - input.offset) bytes too many") }
    }

    /// The next frame on `fd`; nil at the end of the input before a frame.
    static func read(from fd: Int32) throws -> SinkhornFrame? {
        guard let head = try readExactly(8, from: fd, endOK: true) else { return nil }
        var reader = Reader(bytes: head)
        let length = Int(try reader.word())
        guard length > 0, length < 1 << 40 else { throw EngineError("a Sinkhorn frame of \(length) bytes") }
        return try SinkhornFrame(payload: try readExactly(length, from: fd, endOK: false)!)
    }

    func write(to fd: Int32) throws {
        let frame = bytes
        var written = 0
        while written < frame.count {
            let n = frame[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw EngineError("cannot write a Sinkhorn frame: \(String(cString: strerror(errno)))") }
            written += n
        }
    }

    private static func readExactly(_ count: Int, from fd: Int32, endOK: Bool) throws -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out[got...].withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw EngineError("cannot read a Sinkhorn frame: \(String(cString: strerror(errno)))") }
            if n == 0 {
                if got == 0, endOK { return nil }
                throw EngineError("the Sinkhorn frames end in the middle of a frame")
            }
            got += n
        }
        return out
    }

    private struct Writer {
        var bytes: [UInt8] = []

        mutating func kind(_ kind: Kind) { bytes.append(kind.rawValue) }

        mutating func word(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }

        mutating func words(_ values: [UInt64]) {
            word(UInt64(values.count))
            for value in values { word(value) }
        }

        mutating func doubles(_ values: [Double]) { words(values.map(\.bitPattern)) }

        /// A flag word, then the values when present.
        mutating func optionalDoubles(_ values: [Double]?) {
            word(values == nil ? 0 : 1)
            if let values { doubles(values) }
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var atEnd: Bool { offset == bytes.count }

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw EngineError("a Sinkhorn frame ends early") }
            offset += 1
            return bytes[offset - 1]
        }

        mutating func word() throws -> UInt64 {
            guard offset + 8 <= bytes.count else { throw EngineError("a Sinkhorn frame ends early") }
            let value = bytes[offset..<(offset + 8)].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            offset += 8
            return value
        }

        mutating func words() throws -> [UInt64] {
            let count = Int(try word())
            guard count >= 0, offset + 8 * count <= bytes.count else { throw EngineError("a Sinkhorn frame ends early") }
            return try (0..<count).map { _ in try word() }
        }

        mutating func doubles() throws -> [Double] { try words().map(Double.init(bitPattern:)) }

        mutating func optionalDoubles() throws -> [Double]? { try word() == 0 ? nil : try doubles() }
    }
}
