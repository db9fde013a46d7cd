// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Folio",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "folio", targets: ["folio"]),
        .library(name: "FolioCore", targets: ["FolioCore"]),
        .library(name: "FolioProviders", targets: ["FolioProviders"]),
        .library(name: "FolioBooks", targets: ["FolioBooks"]),
        .library(name: "FolioRuntime", targets: ["FolioRuntime"]),
        .library(name: "FolioPublishing", targets: ["FolioPublishing"]),
        .library(name: "FolioSafety", targets: ["FolioSafety"]),
        .library(name: "FolioPosts", targets: ["FolioPosts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C glue: libcurl with typed wrappers around its variadic setters.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // C glue: hiredis, the reference Redis client, for the redis cache backend.
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        // C glue: OpenBLAS's CBLAS interface, for the native embedding model.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // C glue: zlib, for the CRC-32 that checks saved server prompts before a server reads them.
        .systemLibrary(
            name: "CLibz",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // C glue: oneDNN's C interface, for the native embedding model's bfloat16 (AMX) products.
        .systemLibrary(
            name: "CDNNL",
            providers: [.apt(["libdnnl-dev"])]
        ),
        // C++ glue: a C interface over FAISS's C++ API (Debian's libfaiss.a has none).
        .target(
            name: "CFaiss",
            cxxSettings: [.headerSearchPath("compat")],
            linkerSettings: [
                .linkedLibrary("faiss"), .linkedLibrary("openblas"),
                .linkedLibrary("gomp"), .linkedLibrary("m"),
            ]
        ),
        // C glue: starts child processes that die with Folio (PR_SET_PDEATHSIG before exec).
        .target(name: "CLauncher"),
        // C loops the compiler vectorises (softmax, GELU), cloned for AVX-512, AVX2 and baseline x86-64.
        .target(name: "CVectorMath", linkerSettings: [.linkedLibrary("m")]),
        .target(
            name: "FolioCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        // Bytes over HTTP (libcurl), below every module that talks HTTP.
        .target(
            name: "FolioHTTP",
            dependencies: ["CCurl"]
        ),
        .target(
            name: "FolioProviders",
            dependencies: [
                "FolioCore", "FolioHTTP", "CLauncher", "CLibz",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "FolioTokenizers",
            dependencies: ["FolioCore"]
        ),
        // One hiredis connection on its own thread, shared by the Redis cache and the Redis job queue.
        .target(
            name: "FolioRedis",
            dependencies: ["FolioCore", "CHiredis"]
        ),
        .target(
            name: "FolioCache",
            dependencies: [
                "FolioCore", "FolioProviders", "FolioRedis",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "FolioRetrieval",
            dependencies: [
                "FolioCore", "FolioHTTP", "FolioTokenizers", "FolioProviders", "CBLAS", "CFaiss", "CDNNL", "CVectorMath",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "FolioContext",
            dependencies: ["FolioCore", "FolioHTTP", "FolioTokenizers", "FolioRetrieval"]
        ),
        .target(
            name: "FolioBooks",
            dependencies: [
                "FolioCore", "FolioProviders", "FolioTokenizers", "FolioRetrieval", "FolioContext",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The generation log, its statistics and drift, and swift-metrics counters.
        .target(
            name: "FolioTelemetry",
            dependencies: [
                "FolioCore", "FolioProviders", "FolioCache",
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // Exporters: books to Markdown, EPUB, HTML, DOCX; posts to LinkedIn, Markdown, CSV, Notion, Buffer.
        .target(
            name: "FolioPublishing",
            dependencies: [
                "FolioCore", "FolioBooks", "FolioProviders", "FolioSafety",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Ink", package: "Ink"),
            ]
        ),
        .target(
            name: "FolioSafety",
            dependencies: [
                "FolioCore", "FolioProviders", "FolioRetrieval",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/offline-judge.json"), .copy("Resources/secret-rules.json"),
                        .copy("Resources/GITLEAKS-LICENSE")]
        ),
        // Background jobs: the JobQueue protocol on SQLite and on Redis Streams, and the worker.
        .target(
            name: "FolioJobs",
            dependencies: [
                "FolioCore", "FolioRedis",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Posts about code repositories: reading, weighted retrieval, the generation chain, batches.
        .target(
            name: "FolioPosts",
            dependencies: [
                "FolioCore", "FolioProviders", "FolioRetrieval", "FolioSafety", "FolioBooks", "FolioPublishing",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The composition root: the only module that reads `Settings` and wires the engine.
        .target(
            name: "FolioRuntime",
            dependencies: [
                "FolioCore", "FolioHTTP", "FolioProviders", "FolioTokenizers", "FolioCache", "FolioRetrieval",
                "FolioContext", "FolioBooks", "FolioTelemetry", "FolioPublishing", "FolioSafety", "FolioJobs", "FolioPosts",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "folio",
            dependencies: [
                "FolioRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "FolioTesting",
            dependencies: ["FolioCore", "FolioHTTP", "FolioProviders"],
            resources: [.copy("Fixtures")]
        ),
        .executableTarget(
            name: "FolioBench",
            dependencies: [
                "FolioCore", "FolioHTTP", "FolioProviders", "FolioTokenizers", "FolioCache", "FolioRetrieval",
                "FolioContext", "FolioRuntime", "FolioTelemetry", "FolioTesting", "FolioBooks", "FolioPublishing", "FolioSafety",
                "FolioRedis", "FolioJobs", "FolioPosts",
            ],
            path: "Benchmarks/FolioBench"
        ),
        .testTarget(name: "FolioCoreTests", dependencies: ["FolioCore", "FolioTesting"]),
        .testTarget(name: "FolioHTTPTests", dependencies: ["FolioHTTP", "FolioTesting"]),
        .testTarget(name: "FolioProvidersTests", dependencies: ["FolioProviders", "FolioHTTP", "FolioTesting"]),
        .testTarget(name: "FolioTokenizersTests", dependencies: ["FolioCore", "FolioTokenizers", "FolioTesting"]),
        .testTarget(name: "FolioCacheTests", dependencies: ["FolioCache", "FolioRedis", "FolioTesting", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "FolioRetrievalTests", dependencies: ["FolioRetrieval", "FolioHTTP", "FolioTesting"]),
        .testTarget(name: "FolioContextTests", dependencies: ["FolioContext", "FolioTesting"]),
        .testTarget(name: "FolioBooksTests", dependencies: ["FolioBooks", "FolioCache", "FolioRuntime", "FolioTesting"]),
        .testTarget(name: "FolioTelemetryTests", dependencies: ["FolioTelemetry", "FolioTesting"]),
        .testTarget(name: "FolioRuntimeTests", dependencies: ["FolioRuntime", "FolioTesting"]),
        .testTarget(name: "FolioPublishingTests", dependencies: [
            "FolioPublishing", "FolioBooks", "FolioTesting", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "FolioSafetyTests", dependencies: ["FolioSafety", "FolioTesting"]),
        .testTarget(name: "FolioJobsTests", dependencies: [
            "FolioJobs", "FolioRedis", "FolioTesting", .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "FolioCLITests", dependencies: ["FolioCore", "FolioBooks", "FolioJobs", "FolioRedis", "FolioTelemetry", "FolioPublishing", "FolioTesting"]),
        .testTarget(name: "FolioPostsTests", dependencies: ["FolioPosts", "FolioRuntime", "FolioTesting"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)

// Stricter compiler on every Swift target: `any` spelled out, and members visible only
// from modules a file imports.
for target in package.targets where target.type != .system && target.name != "CFaiss" {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}

// The native MiniLM (FolioRetrieval's BertEncoder) is compiled optimised in debug builds too:
// the chapter guards embed every sentence a chapter streams, and unoptimised the encoder's own
// loops (layer norm, GELU, pooling) cost ~80 ms a sentence, while the quick start builds debug.
// So are the guards and reviews themselves (FolioBooks, FolioSafety): they judge each sentence
// on the cores the local model server writes on. Optimised, a quick-start book's review took
// 0.23-0.25 s against 0.30-0.38 s, and sentences taking the guards over 20 ms fell from 11-17
// a book to 3-7.
for target in package.targets where ["FolioRetrieval", "FolioBooks", "FolioSafety"].contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-O"], .when(configuration: .debug))]
}
// Its C loops too: unoptimised they are not vectorised at all.
for target in package.targets where target.name == "CVectorMath" {
    target.cSettings = (target.cSettings ?? []) + [.unsafeFlags(["-O2"], .when(configuration: .debug))]
}
