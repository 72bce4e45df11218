// swift-tools-version: 6.0
// MetroCommute: metropolitan-area commuting analysis (four rail tiers, commute rings, integration gaps).
// The target graph below is the architecture: data flows one way, C types never leave the wrapper modules.
import PackageDescription

let package = Package(
    name: "MetroCommute",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "metrocommute", targets: ["metrocommute"]),
        .library(name: "GeoCore", targets: ["GeoCore"]),
        .library(name: "GeoPROJ", targets: ["GeoPROJ"]),
        .library(name: "GeoGEOS", targets: ["GeoGEOS"]),
        .library(name: "Network", targets: ["Network"]),
        .library(name: "GeoIO", targets: ["GeoIO"]),
        .library(name: "Routing", targets: ["Routing"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "MapPreview", targets: ["MapPreview"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries (Debian: apt-get install libproj-dev libgeos-dev zlib1g-dev libbz2-dev).
        .systemLibrary(name: "CPROJ", path: "Sources/CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CGEOS", path: "Sources/CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CBZip2", path: "Sources/CBZip2", providers: [.apt(["libbz2-dev"])]),

        // Value types, GeoJSON, GCJ-02/BD-09 math. No dependencies.
        .target(name: "GeoCore"),
        // PROJ and GEOS wrappers: callers never see a C type.
        .target(name: "GeoPROJ", dependencies: ["GeoCore", "CPROJ"]),
        .target(name: "GeoGEOS", dependencies: ["GeoCore", "CGEOS"]),
        // The built, immutable network (transit layer, street graph, districts) and its binary format.
        .target(name: "Network", dependencies: ["GeoCore"]),
        // Readers: GTFS, planning-lines CSV, OSM PBF/XML, boundaries, area manifest; atomic writer.
        .target(name: "GeoIO", dependencies: ["GeoCore", "GeoPROJ", "GeoGEOS", "Network", "CZlib", "CBZip2"]),
        // Queries on the built network: range-RAPTOR, street Dijkstra. No IO, no GEOS/PROJ.
        .target(name: "Routing", dependencies: ["Network"]),
        // Analyses on a built network: places, isochrones, commute rings, integration gaps, bottlenecks, roads.
        .target(name: "Analysis", dependencies: ["GeoCore", "GeoPROJ", "GeoGEOS", "Network", "Routing"]),
        // Self-contained HTML/SVG map of GeoJSON layers (no network access needed to view it).
        .target(name: "MapPreview", dependencies: ["GeoCore"]),
        // Commands only.
        .executableTarget(name: "metrocommute", dependencies: [
            "GeoCore", "GeoPROJ", "GeoGEOS", "Network", "GeoIO", "Routing", "Analysis", "MapPreview",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks (release builds only; figures go to docs/PERFORMANCE.md). Not a test.
        .executableTarget(name: "metrocommute-bench", dependencies: [
            "GeoCore", "Network", "GeoIO", "Routing", "Analysis",
        ]),

        .target(name: "TestSupport", dependencies: ["GeoCore"], path: "Tests/TestSupport"),
        .testTarget(name: "GeoCoreTests", dependencies: ["GeoCore", "TestSupport"]),
        .testTarget(name: "GeoPROJTests", dependencies: ["GeoPROJ", "TestSupport"]),
        .testTarget(name: "GeoGEOSTests", dependencies: ["GeoGEOS", "GeoPROJ", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network", "TestSupport"]),
        .testTarget(name: "GeoIOTests", dependencies: ["GeoIO", "Network", "TestSupport"]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "Network", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "GeoIO", "Network", "Routing", "GeoGEOS", "TestSupport"]),
        .testTarget(name: "MapPreviewTests", dependencies: ["MapPreview", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["GeoCore", "GeoGEOS", "MapPreview", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
