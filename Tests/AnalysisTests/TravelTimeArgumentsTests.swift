import Analysis
import GeoCore
import TestSupport
import Testing

@Suite(.tags(.fast)) struct TravelTimeArgumentsTests {
    @Test(arguments: [("08:00", 28_800), ("8:00", 28_800), ("00:00", 0), ("23:59", 86_340), ("25:30", 91_800),
                      ("08:00:30", 28_830), ("47:59", 172_740)] as [(String, Int32)])
    func validClockTimes(text: String, seconds: Int32) throws {
        #expect(try TravelTimeArguments.parseClock(text) == seconds)
    }

    @Test(arguments: ["25:99", "8am", "24:60", "48:00", "8", "08:0", "-1:00", "08:00:61", "", "８:００"])
    func malformedClockTimes(text: String) {
        #expect(throws: InputError.self) { try TravelTimeArguments.parseClock(text, argument: "--depart") }
        do { _ = try TravelTimeArguments.parseClock(text, argument: "--depart") } catch let e as InputError {
            #expect(e.file == "--depart" && !e.description.contains("\n") && e.message.contains("\"\(text)\""))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func percentiles() throws {
        #expect(try TravelTimeArguments.parsePercentiles("5,50,95") == [5, 50, 95])
        #expect(try TravelTimeArguments.parsePercentiles(" 95 , 5 ") == [5, 95])
        #expect(try TravelTimeArguments.parsePercentiles("2.5") == [2.5])
        for bad in ["", "1,2,3,4,5,6", "101", "-1", "abc", "50,50", "5,,50"] {
            #expect(throws: InputError.self, "\(bad)") { try TravelTimeArguments.parsePercentiles(bad) }
        }
        #expect(TravelTimeArguments.columnName(percentile: 50) == "p50")
        #expect(TravelTimeArguments.columnName(percentile: 2.5) == "p2.5")
    }
}
