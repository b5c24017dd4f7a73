/// Why a CLI command failed, with the exit code of the CLI contract: 1 the API answered with an
/// error, 2 bad usage, 3 the service could not be reached.
struct ClientError: Error, CustomStringConvertible, Equatable {
    enum Kind: Equatable { case api, usage, connection }
    let kind: Kind
    let description: String

    static func api(_ message: String) -> ClientError { ClientError(kind: .api, description: message) }
    static func usage(_ message: String) -> ClientError { ClientError(kind: .usage, description: message) }
    static func connection(_ message: String) -> ClientError { ClientError(kind: .connection, description: message) }

    var exitCode: Int32 {
        switch kind {
        case .api: 1
        case .usage: 2
        case .connection: 3
        }
    }
}
