/// Why the server could not start.
public enum HTTPServerError: Error, Equatable, CustomStringConvertible {
    case cannotResolve(host: String, reason: String)
    case system(call: String, errno: Int32)
    case alreadyStarted

    public var description: String {
        switch self {
        case .cannotResolve(let host, let reason): return "cannot resolve \(host): \(reason)"
        case .system(let call, let code): return "\(call) failed: errno \(code)"
        case .alreadyStarted: return "server already started"
        }
    }
}
