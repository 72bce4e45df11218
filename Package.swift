// swift-tools-version: 6.0
// MetroCommute: metropolitan-area commuting analysis (four rail tiers, commute rings, integration gaps).
// The target graph below is the architecture: data flows one way, C types never leave the wrapper modules.
import PackageDescription

let package = Package(
    name: "MetroCommute",
    products: [
        .executable(name: "metrocommute", targets: ["metrocommute"]),
        .library(name: "GeoCore", targets: ["GeoCore"]),
        .library(name: "GeoPROJ", targets: ["GeoPROJ"]),
        .library(name: "GeoGEOS", targets: ["GeoGEOS"]),
        .library(name: "GeoGDAL", targets: ["GeoGDAL"]),
        .library(name: "Network", targets: ["MetroNetwork"]),
        .library(name: "GeoIO", targets: ["GeoIO"]),
        .library(name: "NetworkBuild", targets: ["NetworkBuild"]),
        .library(name: "Scenarios", targets: ["Scenarios"]),
        .library(name: "Routing", targets: ["Routing"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "NetworkExport", targets: ["NetworkExport"]),
        .library(name: "MapPreview", targets: ["MapPreview"]),
        .library(name: "MetroCommuteServer", targets: ["MetroCommuteServer"]),
        .library(name: "MetroCommuteCommands", targets: ["MetroCommuteCommands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries (Debian: apt-get install libproj-dev libgeos-dev libgdal-dev zlib1g-dev libbz2-dev).
        .systemLibrary(name: "CPROJ", path: "Sources/CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CGEOS", path: "Sources/CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CGDAL", path: "Sources/CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // glibc's <malloc.h> (mallinfo2), for the benchmarks' heap figures.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .systemLibrary(name: "CBZip2", path: "Sources/CBZip2", providers: [.apt(["libbz2-dev"])]),

        // Value types, GeoJSON, GCJ-02/BD-09 math. No dependencies.
        .target(name: "GeoCore"),
        // PROJ and GEOS wrappers: callers never see a C type.
        .target(name: "GeoPROJ", dependencies: ["GeoCore", "CPROJ"]),
        .target(name: "GeoGEOS", dependencies: ["GeoCore", "CGEOS"]),
        // GDAL/OGR wrapper: vector layers in (GeoPackage, Shapefile, FlatGeobuf, GeoJSON…) and GeoPackage out.
        .target(name: "GeoGDAL", dependencies: ["GeoCore", "CGDAL"]),
        // The built, immutable network (transit layer, street graph, districts) and its binary format. Its module is
        // named MetroNetwork and imported as `Network` (the alias below): a module named Network would turn on the
        // Apple Network.framework code that Hummingbird guards with `#if canImport(Network)`, and fail to build on Linux.
        .target(name: "MetroNetwork", dependencies: ["GeoCore"], path: "Sources/Network"),
        // Readers, one folder per input (Archive, CSV, GTFS, OSM, PlanningLines, Roads, Boundaries); atomic writer.
        .target(name: "GeoIO", dependencies: ["GeoCore", "GeoPROJ", "GeoGEOS", "MetroNetwork", "CZlib", "CBZip2"]),
        // The build stage: an area manifest's inputs read and assembled into a BuiltNetwork.
        // Routing for `StreetTransferWalks` (transfers walked on the street graph, the access rule).
        .target(name: "NetworkBuild", dependencies: ["GeoCore", "GeoPROJ", "GeoGEOS", "GeoGDAL", "MetroNetwork", "GeoIO", "Routing"]),
        // What-if scenarios: a scenario file's modifications turned into a `TransitDelta` on a loaded network.
        .target(name: "Scenarios", dependencies: ["GeoCore", "GeoPROJ", "MetroNetwork", "GeoIO"]),
        // Queries on the built network: range-RAPTOR, street Dijkstra. No IO, no GEOS/PROJ.
        .target(name: "Routing", dependencies: ["MetroNetwork"],
                // The query classes own their scratch arrays and are used by one task at a time (documented);
                // dynamic exclusivity checks on them cost a fifth of a RAPTOR run (perf, docs/PERFORMANCE.md).
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        // Analyses on a built network, one folder each: Places (shared), TravelTime, Accessibility (grids,
        // isochrones, rings), Gaps, Assignment (bottlenecks), RoadGaps; Provenance (what produced an output).
        .target(name: "Analysis", dependencies: ["GeoCore", "GeoPROJ", "GeoGEOS", "MetroNetwork", "Routing"]),
        // The built network as GIS layers (stations, lines with their service, hubs) for `export`.
        .target(name: "NetworkExport", dependencies: ["GeoCore", "GeoGDAL", "MetroNetwork"]),
        // Self-contained HTML/SVG map of GeoJSON layers (no network access needed to view it).
        .target(name: "MapPreview", dependencies: ["GeoCore"]),
        // The HTTP API and the offline web page of `serve` (Hummingbird): one network loaded once, shared
        // read-only; analyses run in a task pool. Static files in Sources/MetroCommuteServer/Web, found at run time.
        .target(name: "MetroCommuteServer", dependencies: [
            "GeoCore", "GeoIO", "MetroNetwork", "NetworkExport", "Routing", "Analysis", "MapPreview",
            .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
        ], exclude: ["Web"]),
        // The subcommands (argument parsing, progress on stderr, output formatting), callable in process.
        .target(name: "MetroCommuteCommands", dependencies: [
            "GeoCore", "GeoPROJ", "GeoGEOS", "GeoGDAL", "MetroNetwork", "GeoIO", "NetworkBuild", "NetworkExport", "Routing", "Analysis",
            "MapPreview", "Scenarios", "MetroCommuteServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The entry point only.
        .executableTarget(name: "metrocommute", dependencies: ["MetroCommuteCommands"]),
        // Benchmarks and their input readers (release builds only; figures go to docs/PERFORMANCE.md). Not a test.
        .executableTarget(name: "metrocommute-bench", dependencies: [
            "GeoCore", "MetroNetwork", "GeoIO", "NetworkBuild", "Routing", "Analysis", "Scenarios", "CMalloc",
        ]),

        .target(name: "TestSupport", dependencies: ["GeoCore"], path: "Tests/TestSupport"),
        .testTarget(name: "GeoCoreTests", dependencies: ["GeoCore", "TestSupport"]),
        .testTarget(name: "GeoPROJTests", dependencies: ["GeoPROJ", "TestSupport"]),
        .testTarget(name: "GeoGEOSTests", dependencies: ["GeoGEOS", "GeoPROJ", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "GeoGDALTests", dependencies: ["GeoGDAL", "GeoCore", "GeoGEOS", "GeoPROJ", "NetworkBuild", "GeoIO", "MetroNetwork", "TestSupport"]),
        .testTarget(name: "NetworkTests", dependencies: ["MetroNetwork", "TestSupport"]),
        .testTarget(name: "GeoIOTests", dependencies: ["GeoIO", "NetworkBuild", "MetroNetwork", "TestSupport"]),
        .testTarget(name: "NetworkBuildTests", dependencies: ["NetworkBuild", "GeoIO", "MetroNetwork", "TestSupport"]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "MetroNetwork", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "GeoIO", "NetworkBuild", "MetroNetwork", "Routing", "GeoGEOS", "TestSupport"]),
        .testTarget(name: "NetworkExportTests", dependencies: ["NetworkExport", "NetworkBuild", "MetroNetwork", "GeoCore", "TestSupport"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenarios", "Routing", "Analysis", "NetworkBuild", "MetroNetwork", "GeoIO", "GeoCore", "TestSupport"]),
        .testTarget(name: "MapPreviewTests", dependencies: ["MapPreview", "TestSupport"]),
        .testTarget(name: "ServerTests", dependencies: ["MetroCommuteServer", "GeoCore", "MapPreview", "TestSupport"], exclude: ["page_check.py"]),
        .testTarget(name: "CLITests", dependencies: ["Analysis", "GeoCore", "GeoGDAL", "GeoGEOS", "MapPreview", "MetroCommuteCommands", "TestSupport"]),
        .testTarget(name: "BenchTests", dependencies: ["metrocommute-bench", "MetroNetwork", "Routing", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// `import Network` in every target loads the MetroNetwork module (see the MetroNetwork target).
for target in package.targets where target.type != .system && target.name != "MetroNetwork" {
    target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-module-alias", "Network=MetroNetwork"])]
}
