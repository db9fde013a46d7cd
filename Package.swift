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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
        // C++ glue: a C interface over FAISS's C++ API (Debian's libfaiss.a has none).
        .target(
            name: "CFaiss",
            cxxSettings: [.headerSearchPath("compat")],
            linkerSettings: [
                .linkedLibrary("faiss"), .linkedLibrary("openblas"),
                .linkedLibrary("gomp"), .linkedLibrary("m"),
            ]
        ),
        .target(
            name: "FolioCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        .target(
            name: "FolioProviders",
            dependencies: [
                "FolioCore", "CCurl",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "FolioTokenizers",
            dependencies: ["FolioCore"]
        ),
        .target(
            name: "FolioCache",
            dependencies: [
                "FolioCore", "FolioProviders", "CHiredis",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "FolioRetrieval",
            dependencies: [
                "FolioCore", "FolioTokenizers", "FolioProviders", "CBLAS", "CFaiss",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "FolioContext",
            dependencies: ["FolioCore", "FolioTokenizers", "FolioProviders", "FolioRetrieval"]
        ),
        .target(
            name: "FolioBooks",
            dependencies: [
                "FolioCore", "FolioProviders", "FolioTokenizers", "FolioCache", "FolioRetrieval", "FolioContext",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "folio",
            dependencies: [
                "FolioCore", "FolioProviders", "FolioTokenizers", "FolioCache", "FolioRetrieval", "FolioContext",
                "FolioBooks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "FolioTesting",
            dependencies: ["FolioCore", "FolioProviders"],
            resources: [.copy("Fixtures")]
        ),
        .executableTarget(
            name: "FolioBench",
            dependencies: [
                "FolioCore", "FolioProviders", "FolioTokenizers", "FolioCache", "FolioRetrieval", "FolioContext",
                "FolioTesting",
            ],
            path: "Benchmarks/FolioBench"
        ),
        .testTarget(name: "FolioCoreTests", dependencies: ["FolioCore", "FolioTesting"]),
        .testTarget(name: "FolioProvidersTests", dependencies: ["FolioProviders", "FolioTesting"]),
        .testTarget(name: "FolioTokenizersTests", dependencies: ["FolioTokenizers", "FolioTesting"]),
        .testTarget(name: "FolioCacheTests", dependencies: ["FolioCache", "FolioTesting"]),
        .testTarget(name: "FolioRetrievalTests", dependencies: ["FolioRetrieval", "FolioTesting"]),
        .testTarget(name: "FolioContextTests", dependencies: ["FolioContext", "FolioTesting"]),
        .testTarget(name: "FolioBooksTests", dependencies: ["FolioBooks", "FolioTesting"]),
        .testTarget(name: "FolioCLITests", dependencies: ["FolioCore", "FolioBooks", "FolioTesting"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
