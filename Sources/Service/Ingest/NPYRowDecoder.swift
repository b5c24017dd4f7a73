/// Turns the data bytes of a `.npy` body, fed in chunks of any size, into float32 rows: each row is
/// converted from the file's dtype, checked for NaN/±Inf, and handed to `emit` as soon as its last
/// byte arrives. Memory is one row of bytes and one row of floats, whatever the body's size.
struct NPYRowDecoder {
    let header: NPYHeader
    private var pending: [UInt8]
    private var pendingCount = 0
    private var row: [Float]
    private(set) var rowsDecoded = 0
    private(set) var bytesConsumed = 0

    init(header: NPYHeader) {
        self.header = header
        pending = [UInt8](repeating: 0, count: header.rowByteCount)
        row = [Float](repeating: 0, count: header.columns)
    }

    /// Decodes every row completed by `bytes`; `emit(index, row)` sees a buffer valid only during
    /// the call. Bytes beyond the announced shape are `trailingBytes`.
    mutating func feed(_ bytes: UnsafeRawBufferPointer,
                       _ emit: (Int, UnsafeBufferPointer<Float>) throws -> Void) throws {
        guard bytes.count > 0 else { return }
        guard bytes.count <= header.dataByteCount - bytesConsumed else {
            throw NPYError.trailingBytes(expectedBytes: header.dataByteCount)
        }
        bytesConsumed += bytes.count
        let rowBytes = header.rowByteCount
        var offset = 0
        if pendingCount > 0 {
            let take = min(rowBytes - pendingCount, bytes.count)
            pending.withUnsafeMutableBytes { dst in
                dst.baseAddress!.advanced(by: pendingCount).copyMemory(from: bytes.baseAddress!, byteCount: take)
            }
            pendingCount += take
            offset = take
            guard pendingCount == rowBytes else { return }
            pendingCount = 0
            try pending.withUnsafeBytes { try decodeRow(UnsafeRawBufferPointer(rebasing: $0[0..<rowBytes]), emit) }
        }
        // Whole rows straight from the chunk; only a row split across chunks is copied aside.
        while bytes.count - offset >= rowBytes {
            try decodeRow(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + rowBytes)]), emit)
            offset += rowBytes
        }
        let rest = bytes.count - offset
        if rest > 0 {
            pending.withUnsafeMutableBytes { dst in
                dst.baseAddress!.copyMemory(from: bytes.baseAddress!.advanced(by: offset), byteCount: rest)
            }
            pendingCount = rest
        }
    }

    mutating func feed<C: Collection<UInt8>>(_ bytes: C, _ emit: (Int, UnsafeBufferPointer<Float>) throws -> Void) throws {
        let contiguous = Array(bytes)
        try contiguous.withUnsafeBytes { try feed($0, emit) }
    }

    /// Call at the end of the body: every announced byte must have arrived.
    func finish() throws(NPYError) {
        guard bytesConsumed == header.dataByteCount else {
            throw .truncated(expectedBytes: header.dataByteCount, receivedBytes: bytesConsumed)
        }
    }

    private mutating func decodeRow(_ source: UnsafeRawBufferPointer,
                                    _ emit: (Int, UnsafeBufferPointer<Float>) throws -> Void) throws {
        let index = rowsDecoded
        let dtype = header.dtype
        try row.withUnsafeMutableBufferPointer { out in
            Self.convert(source, dtype, into: out)
            if let column = Self.firstNonFinite(UnsafeBufferPointer(out)) {
                throw NPYError.nonFinite(row: index, column: column)
            }
            try emit(index, UnsafeBufferPointer(out))
        }
        rowsDecoded += 1
    }

    /// Little-endian elements of `dtype` to float32 (the host is little-endian: FeatureRowWriter
    /// refuses to build otherwise). Loads are unaligned-safe: chunks start anywhere.
    static func convert(_ source: UnsafeRawBufferPointer, _ dtype: NPYDType, into out: UnsafeMutableBufferPointer<Float>) {
        switch dtype {
        case .float32:
            UnsafeMutableRawBufferPointer(out).copyMemory(from: source)
        case .float16:
            for j in out.indices {
                out[j] = NPYFloat16.float(fromBits: source.loadUnaligned(fromByteOffset: 2 * j, as: UInt16.self))
            }
        case .float64:
            for j in out.indices { out[j] = Float(source.loadUnaligned(fromByteOffset: 8 * j, as: Double.self)) }
        }
    }

    static func firstNonFinite(_ values: UnsafeBufferPointer<Float>) -> Int? {
        // Cheap branch-free scan first: x - x is 0 for finite x and NaN for NaN/±Inf.
        var acc: Float = 0
        for v in values { acc += v - v }
        guard acc.isNaN else { return nil }
        return values.firstIndex { !$0.isFinite }
    }
}
