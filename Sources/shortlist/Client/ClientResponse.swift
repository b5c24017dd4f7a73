import JSON
import Selection
import Service

/// One HTTP response as the CLI sees it.
struct ClientResponse: Sendable {
    let status: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func json() throws(ClientError) -> JSONValue {
        do { return try JSONParser.parse(body) } catch { throw .api("the service answered \(status) with a body that is not JSON") }
    }

    /// The API error as one line: `type[/code]: message [param]`.
    var errorSummary: String {
        guard let error = (try? JSONParser.parse(body))?["error"] else {
            return "HTTP \(status): \(String(decoding: body.prefix(200), as: UTF8.self))"
        }
        let type = error["type"]?.stringValue ?? "error"
        let code = error["code"]?.stringValue.map { "/\($0)" } ?? ""
        let message = error["message"]?.stringValue ?? ""
        let param = error["param"]?.stringValue.map { " [\($0)]" } ?? ""
        return "\(type)\(code): \(message)\(param)"
    }
}
