import Foundation
import PropertyBased
import Testing
@testable import Providers

struct SHA256Tests {
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func hexDigest_MatchesFIPSVector(message: String, expected: String) {
        #expect(SHA256.hexDigest(message) == expected)
    }

    @Test func hexDigest_MatchesFIPSVector_ForOneMillionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(SHA256.digest(message)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // Python's hashlib is an independent oracle; the lengths straddle every padding boundary.
    @Test func digest_AgreesWithHashlib_ForEveryLengthUpTo200() throws {
        let messages = (0...200).map { length in (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) } }
        let input = messages.map { SHA256.hex($0) }.joined(separator: "\n") + "\n"
        let script = "import sys,hashlib\nfor l in sys.stdin.read().split('\\n')[:-1]: print(hashlib.sha256(bytes.fromhex(l)).hexdigest())"
        let expected = try runPython(script, input: input).split(separator: "\n").map(String.init)
        #expect(expected == messages.map { SHA256.hex(SHA256.digest($0)) })
    }

    @Test func digest_IsThirtyTwoBytes_AndChangesWhenAByteChanges() async {
        await propertyCheck(input: Gen.uint8(in: 0...255).array(of: 1...150)) { message in
            var changed = message
            changed[changed.count / 2] ^= 0x01
            #expect(SHA256.digest(message).count == 32)
            #expect(SHA256.digest(message) != SHA256.digest(changed))
        }
    }

    private func runPython(_ script: String, input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
