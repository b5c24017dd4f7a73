import CCurl

/// curl_global_init is not thread-safe and must run once before any handle exists.
enum CurlGlobal {
    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    static func initialise() { _ = initialised }
}
