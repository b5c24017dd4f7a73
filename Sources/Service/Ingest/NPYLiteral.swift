/// The subset of Python literals a `.npy` header dictionary is written in
/// (`{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`).
indirect enum NPYLiteral: Equatable, Sendable {
    case string(String)
    case bool(Bool)
    case none
    case int(Int)
    case tuple([NPYLiteral])
    case list([NPYLiteral])
    case dict([(key: NPYLiteral, value: NPYLiteral)])

    static func == (a: NPYLiteral, b: NPYLiteral) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.none, .none): return true
        case let (.int(x), .int(y)): return x == y
        case let (.tuple(x), .tuple(y)), let (.list(x), .list(y)): return x == y
        case let (.dict(x), .dict(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }
}
