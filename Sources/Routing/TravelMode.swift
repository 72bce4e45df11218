/// How a traveller goes door to door.
public enum TravelMode: String, Sendable, Equatable, CaseIterable {
    /// Rail and metro with walking to, between and from stops (range-RAPTOR over a departure window).
    case transit
    /// By car on the road graph at free-flow speeds, with short walks onto and off the road (`SingleModeSearch`).
    case drive
    /// On foot only, on the street graph when the network has one (`SingleModeSearch`).
    case walk

    /// "transit, drive or walk": for messages.
    public static let choices = allCases.map(\.rawValue).joined(separator: ", ")
}
