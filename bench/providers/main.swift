// Providers benchmark: compiled together with Sources/Providers by bench/providers/run.sh (one
// optimised module, no Package.swift target). Usage: main <stub port> <slow stub port>.
import Foundation

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func perCall(_ count: Int, _ body: (Int) throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for index in 0..<count { samples.append(try seconds { try body(index) }) }
    return median(samples)
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]), let slowPort = Int(arguments[2]) else {
    print("usage: main <stub port> <slow stub port>"); exit(2)
}
let base = "http://127.0.0.1:\(port)/v1"
let executor = ProviderExecutor(maxConcurrent: 64)
let transport = CurlTransport()
let endpoint = ProviderEndpoint(baseURL: base, model: "bench", apiKey: "sk-bench")
let calls = 300

let floor = try perCall(calls) { index in
    let body = ChatRequest(messages: [.user("floor \(index)")]).body(model: "bench")
    _ = try transport.send(HTTPRequestSpec(url: base + "/chat/completions", headers: [(name: "Content-Type", value: "application/json")],
                                           body: Array(body.canonicalText.utf8)), timeouts: ProviderTimeouts())
}
let chat = ChatClient(endpoint: endpoint, executor: executor)
let client = try perCall(calls) { index in _ = try chat.complete(prompt: "client \(index)") }
let cached = ChatClient(endpoint: endpoint, cache: InMemoryProviderCache(), executor: executor)
_ = try cached.complete(prompt: "hit")
let hit = try perCall(calls) { _ in _ = try cached.complete(prompt: "hit") }
print(String(format: "chat p50: raw curl %.3f ms, ChatClient %.3f ms (x%.2f), cache hit %.1f us", floor * 1e3, client * 1e3, client / floor, hit * 1e6))
// Machine-readable figures for bench/bench.py (bench/results/providers.jsonl).
let stubNote = "against scripts/stub_llm.py on loopback, swiftc -O"
print(String(format: "BENCH-RESULT name=chat-p50 value=%.3f unit=ms floor=%.3f note=ChatClient, %d calls; floor: raw CurlTransport.send of the same body; %@",
             client * 1e3, floor * 1e3, calls, stubNote))
print(String(format: "BENCH-RESULT name=chat-cache-hit-p50 value=%.1f unit=us note=InMemoryProviderCache, %d calls", hit * 1e6, calls))

let texts = (0..<1024).map { "Question \($0): Natalia sold clips to \($0) of her friends in April, and then she sold half as many clips in May." }
for encoding in EmbeddingEncoding.allCases {
    let embedder = EmbeddingClient(endpoint: endpoint, encoding: encoding, batchSize: 64, executor: executor)
    let time = try seconds { _ = try embedder.embed(texts) }
    print(String(format: "embed 1024 texts (dim from stub), batch 64, %@: %.0f ms", encoding.rawValue, time * 1e3))
    print(String(format: "BENCH-RESULT name=embed-1024-%@ value=%.0f unit=ms note=dim 384, batches of 64; %@", encoding.rawValue, time * 1e3, stubNote))
}

let slow = ChatClient(endpoint: ProviderEndpoint(baseURL: "http://127.0.0.1:\(slowPort)/v1", model: "bench"), executor: executor)
let group = DispatchGroup()
let wall = seconds {
    for index in 0..<64 {
        group.enter()
        Thread { _ = try? slow.complete(prompt: "slow \(index)"); group.leave() }.start()
    }
    group.wait()
}
print(String(format: "64 concurrent calls to a 200 ms stub: %.0f ms wall (serial would be 12800 ms)", wall * 1e3))
print(String(format: "BENCH-RESULT name=concurrent-64-slow-wall value=%.0f unit=ms floor=200 note=64 chat calls at once to a 200 ms stub; floor: one delay; %@", wall * 1e3, stubNote))

let hashTexts = Array(texts.prefix(1000))
let hashTime = seconds { for text in hashTexts { _ = HashingEmbedder.vector(text) } }
print(String(format: "HashingEmbedder: %.0f texts/s (%.1f us/text, ~20 words)", Double(hashTexts.count) / hashTime, hashTime / Double(hashTexts.count) * 1e6))
let megabyte = [UInt8](repeating: 0x61, count: 1 << 20)
let shaTime = seconds { for _ in 0..<16 { _ = SHA256.digest(megabyte) } }
print(String(format: "SHA256: %.0f MB/s", 16 / shaTime))
print(String(format: "BENCH-RESULT name=hashing-embedder-texts-per-s value=%.0f unit=texts/s note=~20-word ASCII texts, %d texts", Double(hashTexts.count) / hashTime, hashTexts.count))
print(String(format: "BENCH-RESULT name=sha256-mb-per-s value=%.0f unit=MB/s note=16 x 1 MiB, Swift implementation", 16 / shaTime))
