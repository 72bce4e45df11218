import Foundation
import Testing
import TestSupport

/// Every suite carries tags (TestTags.swift), and the README's fast command skips exactly the tests that are not
/// in the fast subset (tagged `fast`, not `realData`, `cli` or `browser`): `swift test` 6.3 cannot select tags
/// itself, so the command names them, and this suite keeps the names and the tags in step. Reads source text.
@Suite(.tags(.fast)) struct TagCoverageTests {
    struct ScannedTest { var id: String; var file: String; var tags: Set<String> }
    struct Scan { var untagged: [String] = []; var unknownTags: [String] = []; var tests: [ScannedTest] = [] }

    static let knownTags: Set<String> = ["fast", "realData", "cli", "robustness", "browser"]
    static let slowTags: Set<String> = ["realData", "cli", "browser"]

    static func tags(in attributes: Substring) -> Set<String> {
        var out = Set<String>()
        for match in attributes.matches(of: /\.tags\(([^)]*)\)/) {
            for name in match.1.matches(of: /\.(\w+)/) { out.insert(String(name.1)) }
        }
        return out
    }

    /// Top-level types holding `@Test`: their `@Suite` attribute must name tags; tests as `Target.Suite/name(`.
    static func scan(_ source: String, target: String, file: String) -> Scan {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let declaration = /^(?:@Suite.*\s)?(?:final class|class|struct|enum|actor|extension) (\w+)/
        let starts = lines.indices.filter { lines[$0].firstMatch(of: declaration) != nil }
        var scan = Scan()
        for (k, start) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] : lines.count
            let body = lines[(start + 1)..<end].joined(separator: "\n")
            guard body.contains("@Test") else { continue }
            let name = String(lines[start].firstMatch(of: declaration)!.1)
            if lines[start].hasPrefix("extension") { continue }  // tagged where the type is declared
            // The attribute lines above the declaration (the doc comment ends them).
            var first = start
            while first > 0, !lines[first - 1].isEmpty, !lines[first - 1].hasPrefix("//"), !lines[first - 1].hasPrefix("}"),
                  !lines[first - 1].hasPrefix("import") {
                first -= 1
            }
            let attributes = lines[first...start].joined(separator: "\n")
            let suiteTags = tags(in: Substring(attributes))
            if !attributes.contains("@Suite") || suiteTags.isEmpty { scan.untagged.append("\(file): \(name)") }
            scan.unknownTags += suiteTags.subtracting(knownTags).map { "\(file): \(name) .\($0)" }
            // Each @Test attribute (first on its line) up to its function name.
            for match in body.matches(of: /(?m)^[ \t]*@Test\b((?:(?!@Test)[\s\S])*?)func (\w+)\(/) {
                let testTags = tags(in: match.1)
                scan.unknownTags += testTags.subtracting(knownTags).map { "\(file): \(name).\(match.2) .\($0)" }
                scan.tests.append(ScannedTest(id: "\(target).\(name)/\(match.2)(", file: file, tags: suiteTags.union(testTags)))
            }
        }
        for line in lines where line.hasPrefix("@Test") { scan.untagged.append("\(file): free function \(line)") }
        return scan
    }

    static func scanPackage() throws -> Scan {
        let tests = PackageRoot.url.appendingPathComponent("Tests")
        var total = Scan()
        let targets = try FileManager.default.contentsOfDirectory(atPath: tests.path).filter { $0 != "TestSupport" }.sorted()
        for target in targets {
            let folder = tests.appendingPathComponent(target)
            guard let files = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                let scan = scan(text, target: target, file: "\(target)/\(file)")
                total.untagged += scan.untagged
                total.unknownTags += scan.unknownTags
                total.tests += scan.tests
            }
        }
        return total
    }

    /// The `--skip '…'` pattern of the README's fast command.
    static func readmeSkipPattern() throws -> String {
        let readme = try String(contentsOf: PackageRoot.url.appendingPathComponent("README.md"), encoding: .utf8)
        let line = try #require(readme.split(separator: "\n").first { $0.hasPrefix("swift test --skip-build --skip '") },
                                "README: no fast command `swift test --skip-build --skip '…'`")
        return String(try #require(line.firstMatch(of: /--skip '([^']+)'/)).1)
    }

    @Test func everySuiteIsTaggedWithKnownTags() throws {
        let scan = try Self.scanPackage()
        #expect(scan.tests.count > 250, "the scan finds the suites")
        #expect(scan.untagged == [], "suites without .tags(…)")
        #expect(scan.unknownTags == [], "tags not defined in TestSupport/TestTags.swift")
    }

    @Test func theReadmeFastCommandSkipsExactlyTheSlowTests() throws {
        let pattern = try Regex(try Self.readmeSkipPattern())
        let scan = try Self.scanPackage()
        let fast = scan.tests.filter { $0.tags.contains("fast") && $0.tags.isDisjoint(with: Self.slowTags) }
        let slow = scan.tests.filter { !($0.tags.contains("fast") && $0.tags.isDisjoint(with: Self.slowTags)) }
        #expect(fast.count > 200 && slow.count > 50, "\(fast.count) fast, \(slow.count) slow")
        // A test's ID may also name its file: a fast test must not match either way.
        #expect(fast.filter { $0.id.contains(pattern) || $0.file.contains(pattern) }.map(\.id) == [],
                "fast tests the README command skips")
        #expect(slow.filter { !$0.id.contains(pattern) }.map(\.id) == [], "slow tests the README command runs")
    }

    @Test func anUntaggedSuiteIsReported() {
        // Written with % for @ so that scanning this file does not see the sample's suites.
        let source = """
            import Testing

            /// A suite.
            %Suite("named",
                   .enabled(if: true))
            struct Untagged {
                %Test func a() {}
            }

            %Suite(.tags(.fast, .sluggish)) struct Tagged {
                %Test(.tags(.realData)) func b() {}
                %Test("shown", arguments: [1])
                func c(_ x: Int) {}
            }

            struct NoAttribute {
                %Test func d() {}
            }

            """.replacingOccurrences(of: "%", with: "@")
        let scan = Self.scan(source, target: "T", file: "f.swift")
        #expect(scan.untagged == ["f.swift: Untagged", "f.swift: NoAttribute"])
        #expect(scan.unknownTags == ["f.swift: Tagged .sluggish"])
        #expect(scan.tests.map(\.id) == ["T.Untagged/a(", "T.Tagged/b(", "T.Tagged/c(", "T.NoAttribute/d("])
        #expect(scan.tests[1].tags == ["fast", "sluggish", "realData"])
        #expect(scan.tests[2].tags == ["fast", "sluggish"])
    }
}
