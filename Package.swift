// swift-tools-version: 6.1
import PackageDescription

// Module graph: arrows are the only allowed imports.
//   JSON (value, strict parser, writer) at the bottom, used by Selection, Providers, Service, CLI;
//   TextHashing (n-gram tokenizer, FNV-1a) -> Providers (hashing embedder) and Selection (dsir);
//   ScratchFiles (unlinked scratch files) -> Selection (dsir's spill) and Service (upload staging);
//   CSQLite -> Storage, COpenBLAS -> LinearAlgebra -> Selection, CCurl + CCrypto (SHA-256) -> Providers,
//   HTTP (domain-free: it frames answers, the application renders its errors; its HTTPMethod is
//   also the provider clients' method, so Providers imports it),
//   Service wires them all, `shortlist` is the executable.
let package = Package(
    name: "Shortlist",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "shortlist", targets: ["shortlist"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", path: "Sources/COpenBLAS",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(
            name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),

        .target(name: "JSON"),
        // The n-gram tokenizer and FNV-1a hash shared by the hashing embedder and `dsir`.
        .target(name: "TextHashing"),
        .target(name: "ScratchFiles"),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"]),
        .target(name: "Storage", dependencies: ["CSQLite"]),
        .target(name: "HTTP", dependencies: [.product(name: "Logging", package: "swift-log")]),
        // A method registers itself by declaring its conformance: the plugin lists the conformers.
        .target(name: "Selection", dependencies: ["JSON", "LinearAlgebra", "TextHashing", "ScratchFiles"], plugins: ["MethodRegistry"]),
        .executableTarget(name: "MethodRegistryGenerator"),
        .plugin(name: "MethodRegistry", capability: .buildTool(), dependencies: ["MethodRegistryGenerator"]),
        .target(name: "Providers", dependencies: ["JSON", "HTTP", "CCurl", "CCrypto", "TextHashing"]),
        .target(
            name: "Service",
            dependencies: [
                "JSON", "LinearAlgebra", "Storage", "HTTP", "Selection", "Providers", "ScratchFiles",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "shortlist",
            dependencies: [
                "JSON", "Service",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // What every test target shares: the HTTP test client, the stub LLM/embedding server,
        // temporary directories and databases, the repository's fixtures, waiting on a condition.
        .target(name: "TestSupport", dependencies: ["JSON", "HTTP"], path: "Tests/TestSupport"),

        .testTarget(
            name: "JSONTests",
            dependencies: ["TestSupport", "JSON", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "LinearAlgebraTests",
            dependencies: ["TestSupport", "LinearAlgebra", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "StorageTests",
            dependencies: ["TestSupport", "Storage", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "HTTPTests",
            dependencies: ["TestSupport", "HTTP", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "SelectionTests",
            dependencies: [
                "TestSupport", "JSON", "Selection", "LinearAlgebra", "TextHashing",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "ProvidersTests",
            dependencies: ["TestSupport", "JSON", "Providers", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "TestSupport", "JSON", "Service", "HTTP", "Storage", "Selection", "Providers", "LinearAlgebra",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "ShortlistTests",
            dependencies: ["TestSupport", "JSON", "shortlist", "Service", "Providers", "Selection"],
            exclude: ["Snapshots"]),
    ]
)
