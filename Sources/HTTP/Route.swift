/// One registered method + pattern with its limits.
struct Route: Sendable {
    let method: String
    let pattern: RoutePattern
    let bodyLimit: Int?
    let streamLimit: Int?
    let handler: HTTPHandler
}
