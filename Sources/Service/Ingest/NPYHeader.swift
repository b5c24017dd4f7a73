/// What a `.npy` header announces, validated for a feature upload: a 2-D, C-order,
/// little-endian float array of `rows` x `columns`, whose data starts at `dataOffset`.
struct NPYHeader: Sendable, Equatable {
    let major: Int
    let minor: Int
    let dtype: NPYDType
    let rows: Int
    let columns: Int
    /// Bytes before the data: magic, version, length field and header text.
    let dataOffset: Int

    var rowByteCount: Int { columns * dtype.byteCount }
    /// rows x columns x item size; the header check guarantees it does not overflow.
    var dataByteCount: Int { rows * rowByteCount }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Validates the header dictionary (exactly `descr`, `fortran_order`, `shape`, as numpy requires).
    static func validated(major: Int, minor: Int, text: [UInt8], dataOffset: Int) throws(NPYError) -> NPYHeader {
        guard case let .dict(pairs) = try NPYLiteralParser.parse(text) else {
            throw .malformedHeader("the header is not a dictionary")
        }
        var fields: [String: NPYLiteral] = [:]
        for (key, value) in pairs {
            guard case let .string(name) = key else { throw .malformedHeader("a header key is not a string") }
            guard ["descr", "fortran_order", "shape"].contains(name) else { throw .malformedHeader("unexpected key '\(name)'") }
            guard fields.updateValue(value, forKey: name) == nil else { throw .malformedHeader("key '\(name)' appears twice") }
        }
        guard let descr = fields["descr"], let fortran = fields["fortran_order"], let shape = fields["shape"] else {
            throw .malformedHeader("it must have the keys 'descr', 'fortran_order' and 'shape'")
        }
        let dtype = try Self.dtype(descr)
        guard case let .bool(isFortran) = fortran else { throw .malformedHeader("'fortran_order' is not True or False") }
        let dims = try Self.dimensions(shape)
        guard dims.count == 2 else { throw .notTwoDimensional(shape: dims) }
        guard !isFortran else { throw .fortranOrder }
        guard dims[1] > 0 else { throw .zeroColumns }
        let (rowBytes, o1) = dims[1].multipliedReportingOverflow(by: dtype.byteCount)
        let (_, o2) = rowBytes.multipliedReportingOverflow(by: dims[0])
        guard !o1, !o2 else { throw .malformedHeader("shape \(dims) is too large") }
        return NPYHeader(major: major, minor: minor, dtype: dtype, rows: dims[0], columns: dims[1], dataOffset: dataOffset)
    }

    private static func dtype(_ descr: NPYLiteral) throws(NPYError) -> NPYDType {
        switch descr {
        case let .string(s): return try NPYDType.parse(descr: s)
        case .list: throw .unsupportedDType(descr: "[...]", reason: "structured")
        default: throw .malformedHeader("'descr' is not a type string")
        }
    }

    private static func dimensions(_ shape: NPYLiteral) throws(NPYError) -> [Int] {
        guard case let .tuple(items) = shape else { throw .malformedHeader("'shape' is not a tuple") }
        var dims: [Int] = []
        for item in items {
            guard case let .int(n) = item, n >= 0 else { throw .malformedHeader("'shape' holds a value that is not a size") }
            dims.append(n)
        }
        return dims
    }
}
