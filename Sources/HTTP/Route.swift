/// One registered method + pattern with its limits. A class: the router hands the same route to
/// every request, and copying the struct's five fields cost measurable retains per request.
final class Route: Sendable {
    let method: HTTPMethod
    let pattern: RoutePattern
    let bodyLimit: Int?
    let streamLimit: Int?
    let handler: HTTPHandler

    init(method: HTTPMethod, pattern: RoutePattern, bodyLimit: Int?, streamLimit: Int?, handler: @escaping HTTPHandler) {
        self.method = method
        self.pattern = pattern
        self.bodyLimit = bodyLimit
        self.streamLimit = streamLimit
        self.handler = handler
    }
}
