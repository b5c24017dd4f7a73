/// The size limits a request head must respect (RFC 9112 §3 leaves them to the server).
struct RequestHeadLimits: Sendable {
    var maxRequestLineBytes = 8192
    var maxHeaderBytes = 65536
    var maxHeaderCount = 100
}
