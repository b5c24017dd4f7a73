import PropertyBased
import Testing
@testable import Service

/// The pure `.npy` path: header reader, row decoder and float16 conversion, fed raw bytes.
@Suite struct NPYDecodingTests {
    struct Decoded: Equatable {
        let header: NPYHeader
        let rows: [[Float]]
    }

    /// What the upload route does, with `cuts` as the sizes of successive body chunks (cycled).
    static func decode(_ bytes: [UInt8], cuts: [Int] = []) throws -> Decoded {
        let chunks = split(bytes, cuts: cuts)
        var reader = NPYHeaderReader()
        var next = 0
        var found: (header: NPYHeader, rest: ArraySlice<UInt8>)?
        while found == nil, next < chunks.count {
            found = try reader.consume(chunks[next])
            next += 1
        }
        guard let (header, rest) = found else { throw reader.endedEarly() }
        var decoder = NPYRowDecoder(header: header)
        var rows: [[Float]] = []
        let collect = { (index: Int, row: UnsafeBufferPointer<Float>) throws in
            #expect(index == rows.count)
            rows.append(Array(row))
        }
        try decoder.feed(rest, collect)
        for chunk in chunks[next...] { try decoder.feed(chunk, collect) }
        try decoder.finish()
        return Decoded(header: header, rows: rows)
    }

    static func split(_ bytes: [UInt8], cuts: [Int]) -> [[UInt8]] {
        guard !cuts.isEmpty else { return [bytes] }
        var chunks: [[UInt8]] = []
        var start = 0
        var k = 0
        while start < bytes.count {
            let end = min(bytes.count, start + max(1, cuts[k % cuts.count]))
            chunks.append(Array(bytes[start..<end]))
            start = end
            k += 1
        }
        return chunks
    }

    static func expectError(_ expected: NPYError, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: expected, sourceLocation: sourceLocation) { _ = try decode(bytes) }
    }

    // MARK: valid files

    @Test(arguments: ["<f4", "<f2", "<f8"], [UInt8(1), UInt8(2)])
    func validFile_DecodesToFloat32Rows_ForEveryDTypeAndVersion(descr: String, major: UInt8) throws {
        let rows: [[Float]] = [[0, 1.5, -2], [0.25, 1024, -0.5]]
        let decoded = try Self.decode(NPYWriter.file(rows, descr: descr, major: major))
        #expect(decoded.rows == rows)
        #expect(decoded.header.rows == 2 && decoded.header.columns == 3 && decoded.header.major == Int(major))
    }

    @Test func float64Values_AreRoundedToFloat32() throws {
        var data: [UInt8] = []
        for d in [0.1, 1.0 / 3.0] { data += withUnsafeBytes(of: d.bitPattern.littleEndian, Array.init) }
        let decoded = try Self.decode(NPYWriter.header(descr: "<f8", shape: [1, 2]) + data)
        #expect(decoded.rows == [[Float(0.1), Float(1.0 / 3.0)]])
    }

    @Test func headerWrittenWithPython2Longs_AndDoubleQuotes_IsAccepted() throws {
        let text = Array(#"{"descr": "<f4", "fortran_order": False, "shape": (1L, 2L)}"#.utf8) + [0x0A]
        let bytes = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.count), 0] + text
            + NPYWriter.data([[3, 4]], descr: "<f4")
        #expect(try Self.decode(bytes).rows == [[3, 4]])
    }

    @Test func zeroRowArray_DecodesToNoRows() throws {
        let decoded = try Self.decode(NPYWriter.header(descr: "<f4", shape: [0, 5]))
        #expect(decoded.rows.isEmpty && decoded.header.columns == 5)
    }

    @Test func anyValidArray_SplitIntoRandomChunkSizes_DecodesToTheSameRows() async {
        await propertyCheck(
            count: 150,
            input: Gen.float(in: -60000...60000).array(of: 0...40), Gen.int(in: 1...7), Gen.int(in: 0...2),
            Gen.int(in: 1...2), Gen.int(in: 1...70).array(of: 1...10)
        ) { values, dim, dtypeIndex, major, cuts in
            let descr = ["<f4", "<f2", "<f8"][dtypeIndex]
            let rows = stride(from: 0, to: values.count - values.count % dim, by: dim).map { Array(values[$0..<($0 + dim)]) }
            let file = NPYWriter.header(descr: descr, shape: [rows.count, dim], major: UInt8(major))
                + NPYWriter.data(rows, descr: descr)
            do {
                let whole = try Self.decode(file)
                let split = try Self.decode(file, cuts: cuts)
                #expect(split == whole)
                let expected = descr == "<f2" ? rows.map { $0.map { Float(Float16($0)) } } : rows
                #expect(whole.rows == expected)
            } catch {
                Issue.record("valid file rejected: \(error)")
            }
        }
    }

    // MARK: refused files

    @Test func badMagic_IsRefused_FromTheFirstBytes() {
        Self.expectError(.badMagic, Array("PK\u{3}\u{4} a zip file".utf8))
        Self.expectError(.badMagic, [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x5A, 1, 0])
    }

    @Test func emptyBody_AndBodyEndingInsideTheHeader_AreTruncated() {
        Self.expectError(.truncated(expectedBytes: nil, receivedBytes: 0), [])
        let header = NPYWriter.header(descr: "<f4", shape: [2, 2])
        Self.expectError(.truncated(expectedBytes: nil, receivedBytes: 20), Array(header.prefix(20)))
    }

    @Test(arguments: [(UInt8(3), UInt8(0)), (1, 1), (0, 0), (4, 0)])
    func versionOtherThan1Or2_IsRefused_NamingIt(major: UInt8, minor: UInt8) {
        var bytes = NPYWriter.file([[1, 2]], major: 2)
        bytes[6] = major
        bytes[7] = minor
        Self.expectError(.unsupportedVersion(major: Int(major), minor: Int(minor)), bytes)
    }

    @Test(arguments: ["<i4", "<u1", "|b1", "<c8", "<c16", "|S4", "<f16", "f4"])
    func nonFloatOrOddDType_IsRefused(descr: String) throws {
        #expect {
            _ = try Self.decode(NPYWriter.header(descr: descr, shape: [1, 1]) + [0, 0, 0, 0])
        } throws: { error in
            guard case .unsupportedDType(let d, _)? = error as? NPYError else { return false }
            return d == descr
        }
    }

    @Test func bigEndianFloats_AreRefused() {
        Self.expectError(.bigEndian(descr: ">f4"), NPYWriter.file([[1, 2]], descr: ">f4"))
    }

    @Test func fortranOrder_IsRefused() {
        Self.expectError(.fortranOrder, NPYWriter.header(descr: "<f4", shape: [2, 2], fortran: true) + [UInt8](repeating: 0, count: 16))
    }

    @Test(arguments: [[6], [2, 3, 1], [], [1, 1, 1, 1]])
    func arrayThatIsNot2D_IsRefused_WithItsShape(shape: [Int]) {
        Self.expectError(.notTwoDimensional(shape: shape), NPYWriter.header(descr: "<f4", shape: shape) + [UInt8](repeating: 0, count: 24))
    }

    @Test func zeroColumns_IsRefused() {
        Self.expectError(.zeroColumns, NPYWriter.header(descr: "<f4", shape: [3, 0]))
    }

    @Test func headerThatPromisesMoreBytesThanSent_IsTruncated() {
        let bytes = NPYWriter.header(descr: "<f4", shape: [3, 2]) + NPYWriter.data([[1, 2], [3, 4]], descr: "<f4")
        Self.expectError(.truncated(expectedBytes: 24, receivedBytes: 16), bytes)
        Self.expectError(.truncated(expectedBytes: 24, receivedBytes: 22), bytes + [0, 0, 0, 0, 0, 0])
    }

    @Test func headerThatPromisesFewerBytesThanSent_HasTrailingBytes() {
        let bytes = NPYWriter.header(descr: "<f4", shape: [1, 2]) + NPYWriter.data([[1, 2], [3, 4]], descr: "<f4")
        Self.expectError(.trailingBytes(expectedBytes: 8), bytes)
        #expect(throws: NPYError.trailingBytes(expectedBytes: 8)) { _ = try Self.decode(bytes, cuts: [3]) }
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func nonFiniteValue_IsRefused_NamingItsRowAndColumn(bad: Float) {
        var rows: [[Float]] = Array(repeating: [1, 2, 3], count: 5)
        rows[3][2] = bad
        Self.expectError(.nonFinite(row: 3, column: 2), NPYWriter.file(rows))
    }

    @Test func float64BeyondFloat32Range_IsNonFinite() {
        let data = withUnsafeBytes(of: (1.0).bitPattern.littleEndian, Array.init) + withUnsafeBytes(of: (1e300).bitPattern.littleEndian, Array.init)
        Self.expectError(.nonFinite(row: 0, column: 1), NPYWriter.header(descr: "<f8", shape: [1, 2]) + data)
    }

    @Test(arguments: [
        "{'descr': '<f4', 'fortran_order': False}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), 'extra': 1}",
        "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1, 1)}",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (1, 1)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': [1, 1]}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1, -1)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1)} junk",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1)",
        "('<f4', False, (1, 1))",
        "{'descr: '<f4'}",
        "{'descr': 7, 'fortran_order': False, 'shape': (1, 1)}",
        "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1, 1)}",
        "{" + String(repeating: "(", count: 40) + "}",
    ])
    func malformedHeaderDictionary_IsRefused(text: String) {
        let header = Array((text + "\n").utf8)
        let bytes = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header + [0, 0, 0, 0]
        #expect {
            _ = try Self.decode(bytes)
        } throws: { error in
            if case .malformedHeader? = error as? NPYError { return true }
            return false
        }
    }

    @Test func structuredDType_IsRefused_AsUnsupported() {
        let text = Array("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1, 1), }\n".utf8)
        let bytes = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.count), 0] + text + [0, 0, 0, 0]
        #expect {
            _ = try Self.decode(bytes)
        } throws: { error in
            if case .unsupportedDType? = error as? NPYError { return true }
            return false
        }
    }

    @Test func oversizedHeaderLength_IsRefused_BeforeItArrives() {
        var reader = NPYHeaderReader(maxHeaderBytes: 1000)
        let prefix: [UInt8] = [0x93] + Array("NUMPY".utf8) + [2, 0, 0x00, 0x00, 0x10, 0x00]
        #expect(throws: NPYError.headerTooLarge(length: 0x100000, limit: 1000)) { _ = try reader.consume(prefix) }
    }

    // MARK: float16

    @Test func float16Conversion_MatchesTheNativeType_ForAllBitPatterns() {
        var mismatches = 0
        for bits in 0...UInt16.max {
            let ours = NPYFloat16.float(fromBits: bits)
            let native = Float(Float16(bitPattern: bits))
            let same = native.isNaN ? ours.isNaN : ours.bitPattern == native.bitPattern
            if !same { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func float16SpecialValues_ConvertExactly() {
        #expect(NPYFloat16.float(fromBits: 0x3C00) == 1)
        #expect(NPYFloat16.float(fromBits: 0xC000) == -2)
        #expect(NPYFloat16.float(fromBits: 0x7BFF) == 65504)
        #expect(NPYFloat16.float(fromBits: 0x0001) == 0x1p-24)
        #expect(NPYFloat16.float(fromBits: 0x8000).sign == .minus)
        #expect(NPYFloat16.float(fromBits: 0x7C00) == .infinity)
        #expect(NPYFloat16.float(fromBits: 0x7E00).isNaN)
    }

    // MARK: API mapping

    @Test func errors_MapTo400_WithCodeAndParam() {
        #expect(NPYError.nonFinite(row: 17, column: 0).apiError.param == "row 17")
        #expect(NPYError.nonFinite(row: 17, column: 0).apiError.code == "non_finite_input")
        #expect(NPYError.badMagic.apiError.param == "body")
        #expect(NPYError.fortranOrder.apiError.code == "bad_npy")
        #expect(APIError.from(NPYError.fortranOrder).error.status == 400)
    }
}
