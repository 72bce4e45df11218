import Foundation
import GeoCore
@testable import GeoIO
import Testing
import TestSupport

@Suite(.tags(.fast)) struct ZipArchiveTests {
    /// Every member of jingjinji/rail_gtfs.zip equals the file of the same name in the rail_gtfs/ folder
    /// (the data README says the zip holds the same files).
    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"))
    func jingjinjiZipEqualsFolder() throws {
        let zipURL = try #require(SharedData.file("cn/jingjinji/rail_gtfs.zip"))
        let folder = try #require(SharedData.file("cn/jingjinji/rail_gtfs"))
        let archive = try ZipArchive(url: zipURL)
        let names = archive.entries.map(\.name).sorted()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == files)
        #expect(names.count == 7)
        for entry in archive.entries {
            let inflated = try archive.contents(of: entry)
            let onDisk = try [UInt8](Data(contentsOf: folder.appendingPathComponent(entry.name)))
            #expect(inflated == onDisk, "member \(entry.name)")
        }
    }

    /// A zip made by Python's zipfile (independent writer), with a stored and a deflated member inside one
    /// top-level folder, read back member by member.
    @Test func storedAndDeflatedInsideTopFolder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let zipPath = dir.file("feed.zip").path
        let script = """
        import sys, zipfile
        z = zipfile.ZipFile(sys.argv[1], 'w')
        z.writestr(zipfile.ZipInfo('feed/'), '')
        z.writestr('feed/stored.txt', 'a,b\\n1,2\\n', compress_type=zipfile.ZIP_STORED)
        z.writestr('feed/deflated.txt', 'x,y\\n' + ''.join(f'{i},{i*i}\\n' for i in range(20000)), compress_type=zipfile.ZIP_DEFLATED)
        z.close()
        """
        _ = try PythonCheck.output(script, zipPath)
        let archive = try ZipArchive(url: URL(fileURLWithPath: zipPath))
        let stored = try #require(archive.entry(named: "stored.txt"))
        #expect(stored.method == 0)
        #expect(try archive.contents(of: stored) == Array("a,b\n1,2\n".utf8))
        let deflated = try #require(archive.entry(named: "deflated.txt"))
        #expect(deflated.method == 8)
        var csv = try archive.csvReader(for: deflated)
        var count = 0, sum = 0
        while let row = try csv.next() { count += 1; sum += row.int(1)! }
        #expect(count == 20000)
        #expect(sum == (0..<20000).reduce(0) { $0 + $1 * $1 })  // Σ i² computed here, independently of the file
        #expect(archive.entry(named: "missing.txt") == nil)
    }

    @Test func corruptDataFailsTheCRC() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanUp() }
        let zipPath = dir.file("x.zip").path
        _ = try PythonCheck.output("""
        import sys, zipfile
        z = zipfile.ZipFile(sys.argv[1], 'w')
        z.writestr('s.txt', 'hello,world\\n' * 10, compress_type=zipfile.ZIP_STORED)
        z.close()
        """, zipPath)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: zipPath)))
        // Flip one byte of the stored data (local header 30 bytes + 5-byte name).
        bytes[36] ^= 0x20
        let archive = try ZipArchive(bytes: bytes, fileName: "x.zip")
        let entry = try #require(archive.entry(named: "s.txt"))
        let error = #expect(throws: InputError.self) { _ = try archive.contents(of: entry) }
        #expect(error?.description.contains("CRC-32 mismatch") == true)
        #expect(error?.file == "x.zip/s.txt")
    }

    @Test func notAZipIsAnInputError() throws {
        let error = #expect(throws: InputError.self) {
            _ = try ZipArchive(bytes: Array("this is not a zip archive at all".utf8), fileName: "fake.zip")
        }
        #expect(error?.description.hasPrefix("fake.zip: not a zip archive") == true)
        let truncated = #expect(throws: InputError.self) {
            _ = try ZipArchive(bytes: [0x50, 0x4B, 0x03], fileName: "short.zip")
        }
        #expect(truncated?.file == "short.zip")
    }

    @Test(.tags(.realData), .enabled(if: SharedData.isPresent, "shared data absent"))
    func damagedDeflateIsAnInputError() throws {
        let url = try #require(SharedData.file("cn/jingjinji/rail_gtfs.zip"))
        var bytes = try [UInt8](Data(contentsOf: url))
        let archive = try ZipArchive(bytes: bytes, fileName: "rail_gtfs.zip")
        let entry = try #require(archive.entry(named: "stop_times.txt"))
        // Zero 64 bytes in the middle of the compressed stop_times data: inflate or the CRC must fail.
        let start = try archive.dataOffset(of: entry)
        for i in (start + entry.compressedSize / 2)..<(start + entry.compressedSize / 2 + 64) { bytes[i] = 0 }
        let damaged = try ZipArchive(bytes: bytes, fileName: "rail_gtfs.zip")
        #expect(throws: InputError.self) { _ = try damaged.contents(of: entry) }
    }
}
