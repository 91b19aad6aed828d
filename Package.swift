// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way:
//   PersonalData (masking) ─┬→ CLibPQ → PostgresClient ─┐
//                           └→ FixedWidth ───────────────┴→ Autodebet → AutodebetCLI (the `autodebet` command)
let package = Package(
    name: "autodebet",
    products: [
        .executable(name: "autodebet", targets: ["AutodebetCLI"]),
        .library(name: "Autodebet", targets: ["Autodebet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Tests only: the property tests (round trips, plaining) in the unit test targets.
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "PersonalData"),
        .target(name: "PostgresClient", dependencies: ["CLibPQ", "PersonalData"]),
        .target(name: "FixedWidth", dependencies: ["PersonalData"]),
        .target(
            name: "Autodebet",
            dependencies: [
                "PostgresClient",
                "FixedWidth",
                "PersonalData",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "AutodebetCLI",
            dependencies: [
                "Autodebet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // libFuzzer targets (make fuzz builds them with -sanitize=fuzzer and -DFUZZING); in
        // every other build each is a program replaying the inputs it is given (the
        // crashers' regression test).
        .target(name: "FuzzSupport", dependencies: ["FixedWidth"]),
        .executableTarget(name: "FuzzReturnFile", dependencies: ["FixedWidth", "FuzzSupport"], path: "Sources/Fuzz/ReturnFile"),
        .executableTarget(name: "FuzzDebitFile", dependencies: ["FixedWidth", "FuzzSupport"], path: "Sources/Fuzz/DebitFile"),
        .executableTarget(name: "FuzzLayout", dependencies: ["FixedWidth", "FuzzSupport"], path: "Sources/Fuzz/Layout"),
        .executableTarget(name: "FuzzMandatesCSV", dependencies: ["Autodebet", "FixedWidth", "FuzzSupport"],
                          path: "Sources/Fuzz/MandatesCSV"),
        .executableTarget(name: "FuzzHolidaysCSV", dependencies: ["Autodebet", "FixedWidth", "FuzzSupport"],
                          path: "Sources/Fuzz/HolidaysCSV"),
        // What every test target shares: the repository's paths, temporary directories,
        // and throwaway databases on the cluster `make test` starts.
        .target(name: "TestSupport", dependencies: ["PostgresClient"], path: "Tests/TestSupport"),
        // Unit tests: no database.
        .testTarget(
            name: "FixedWidthTests",
            dependencies: ["FixedWidth", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "AutodebetTests",
            dependencies: [
                "Autodebet", "PersonalData", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // Tests against a real PostgreSQL (started by `make test`).
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "TestSupport"]),
        .testTarget(
            name: "AutodebetDatabaseTests",
            dependencies: ["Autodebet", "PostgresClient", "FixedWidth", "PersonalData", "TestSupport", "AutodebetCLI"]
        ),
    ]
)
