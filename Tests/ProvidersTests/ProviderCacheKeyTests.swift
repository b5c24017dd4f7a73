import JSON
import Testing
@testable import Providers

struct ProviderCacheKeyTests {
    @Test func cacheKey_DependsOnBaseURL() {
        let request = JSONValue.object(["model": .string("m")])
        #expect(ProviderCacheKey.key(request: request, baseURL: "http://a/v1") != ProviderCacheKey.key(request: request, baseURL: "http://b/v1"))
        #expect(ProviderCacheKey.key(request: request, baseURL: "http://a/v1").count == 64)
    }

    @Test func cacheKey_IgnoresKeyOrder_AndWholeDoublesVersusIntegers() {
        let a = JSONValue.object(["model": .string("m"), "temperature": .double(0)])
        let b = JSONValue.object(["temperature": .int(0), "model": .string("m")])
        #expect(ProviderCacheKey.key(request: a, baseURL: "http://a/v1") == ProviderCacheKey.key(request: b, baseURL: "http://a/v1"))
    }
}
