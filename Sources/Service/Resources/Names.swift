/// The naming rules of docs/api.md: pool, feature and checkpoint names match
/// `[A-Za-z0-9_.-]{1,64}`; item ids are strings of 1–256 UTF-8 bytes.
enum Names {
    static func isValidName(_ s: String) -> Bool {
        let u = s.utf8
        guard (1...64).contains(u.count) else { return false }
        return u.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2E || b == 0x2D
        }
    }

    static func requireName(_ s: String, param: String, what: String) throws(APIError) {
        guard isValidName(s) else {
            throw APIError.invalid("\(what) must match [A-Za-z0-9_.-]{1,64}, got \"\(s.prefix(80))\"", param: param)
        }
    }

    static func requireItemID(_ s: String, param: String) throws(APIError) {
        let n = s.utf8.count
        guard n >= 1 else { throw APIError.invalid("item id must not be empty", param: param) }
        guard n <= 256 else { throw APIError.invalid("item id is \(n) bytes; at most 256 are allowed", param: param) }
    }
}
