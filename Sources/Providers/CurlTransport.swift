import CCurl
import HTTP

/// `HTTPTransport` over one libcurl easy handle per request. Handles are cheap next to an LLM
/// round trip, and a fresh handle per call means no state is shared between threads.
public struct CurlTransport: HTTPTransport {
    public init() { CurlGlobal.initialise() }

    public func send(_ request: HTTPRequestSpec, timeouts: ProviderTimeouts) throws(TransportError) -> HTTPResponseData {
        guard let handle = curl_easy_init() else { throw .failed("curl_easy_init failed") }
        defer { curl_easy_cleanup(handle) }
        let sink = CurlResponseSink()
        let headerList = CurlTransport.headerList(request.headers)
        defer { curl_slist_free_all(headerList) }
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        let code: CURLcode = withExtendedLifetime(sink) {
            request.body.withUnsafeBytes { body in
                configure(handle, request: request, timeouts: timeouts, headers: headerList, sink: sinkPointer)
                if request.method == .get {
                    _ = shortlist_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
                } else if let bytes = body.baseAddress, body.count > 0 {
                    // The body outlives curl_easy_perform inside this closure, so curl need not copy it.
                    _ = shortlist_curl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                    _ = shortlist_curl_setopt_ptr(handle, CURLOPT_POSTFIELDS, bytes)
                } else {
                    // A NULL POSTFIELDS would make curl read the body from stdin.
                    _ = shortlist_curl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, 0)
                    _ = shortlist_curl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
                }
                return curl_easy_perform(handle)
            }
        }
        guard code == CURLE_OK else { throw CurlTransport.error(for: code) }
        var status = 0
        _ = shortlist_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponseData(status: status, headers: sink.headers, body: sink.body)
    }

    private func configure(
        _ handle: UnsafeMutableRawPointer, request: HTTPRequestSpec, timeouts: ProviderTimeouts,
        headers: UnsafeMutablePointer<curl_slist>?, sink: UnsafeMutableRawPointer
    ) {
        _ = shortlist_curl_setopt_string(handle, CURLOPT_URL, request.url)
        // GET and POST are curl's own (CURLOPT_HTTPGET, CURLOPT_POSTFIELDS); any other is named.
        if request.method != .get && request.method != .post {
            _ = shortlist_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
        // Signals cannot be used for timeouts in a threaded process.
        _ = shortlist_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = shortlist_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, timeouts.connectMilliseconds)
        _ = shortlist_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeouts.totalMilliseconds)
        // Base URLs come from configuration; refuse file:// and friends all the same.
        _ = shortlist_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = shortlist_curl_setopt_ptr(handle, CURLOPT_HTTPHEADER, headers)
        _ = shortlist_curl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
        _ = shortlist_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, sink)
        _ = shortlist_curl_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        _ = shortlist_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, sink)
    }

    private static func headerList(_ headers: [(name: String, value: String)]) -> UnsafeMutablePointer<curl_slist>? {
        // An empty "Expect:" stops curl waiting for 100-continue on larger bodies.
        var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for header in headers {
            list = curl_slist_append(list, "\(header.name): \(header.value)")
        }
        return list
    }

    static func error(for code: CURLcode) -> TransportError {
        let message = "curl error \(code.rawValue): " + String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(message)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_SEND_ERROR,
            CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return .connection(message)
        default:
            return .failed(message)
        }
    }
}
