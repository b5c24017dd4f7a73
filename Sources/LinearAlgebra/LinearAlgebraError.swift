/// Failures of the BLAS/LAPACK wrappers. LAPACK's `info` is turned into one of these instead of
/// being ignored: a negative `info` is a programming error in the call, a positive one is a
/// property of the data (not positive definite, no convergence).
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `info < 0`: argument number `-info` of `routine` had an illegal value.
    case illegalArgument(routine: String, argument: Int32)
    /// `dpotrf` with `info > 0`: the leading minor of order `order` is not positive definite.
    case notPositiveDefinite(order: Int32)
    /// `dsyevd` with `info > 0`: the eigensolver failed to converge.
    case noConvergence(routine: String, info: Int32)
    /// Operand shapes do not fit together.
    case shapeMismatch(String)

    public var description: String {
        switch self {
        case let .illegalArgument(routine, argument):
            return "\(routine): argument \(argument) had an illegal value"
        case let .notPositiveDefinite(order):
            return "dpotrf: the leading minor of order \(order) is not positive definite"
        case let .noConvergence(routine, info):
            return "\(routine): failed to converge (info \(info))"
        case let .shapeMismatch(message):
            return "shape mismatch: \(message)"
        }
    }

    static func check(_ info: Int32, routine: String) throws {
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, argument: -info) }
        if info > 0 {
            if routine == "dpotrf" { throw LinearAlgebraError.notPositiveDefinite(order: info) }
            throw LinearAlgebraError.noConvergence(routine: routine, info: info)
        }
    }
}
