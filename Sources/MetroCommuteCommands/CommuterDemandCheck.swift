import ArgumentParser
import Analysis

/// The checks of `--commuters` and `--commute-rate`, shared by `bottlenecks` and `corridors`: each value named by its
/// option, and neither together with an `--od` file (which gives its own trips).
enum CommuterDemandCheck {
    static func validate(commuters: Double?, commuteRate: Double?, od: String?, scaleGiven: Bool) throws {
        if let commuters, !GravityParameters.totalTripsRange.contains(commuters) {
            throw ValidationError("--commuters \(commuters) must be a number of commuters within 0…1e12")
        }
        if let commuteRate, !(commuteRate >= 0 && commuteRate <= 1) {
            throw ValidationError("--commute-rate \(commuteRate) must be a share of the population within 0…1")
        }
        if od != nil && scaleGiven {
            throw ValidationError("--commuters and --commute-rate scale the gravity demand; an --od file gives its own trips")
        }
    }
}
