import Testing

/// The tags every suite carries (TagCoverageTests fails on a suite without one). A suite can carry several.
extension Tag {
    /// In process, no real data, quick: the subset the README's fast command runs.
    @Tag public static var fast: Self
    /// Reads ../shared/data (skips where it is absent).
    @Tag public static var realData: Self
    /// Runs the built `metrocommute` binary.
    @Tag public static var cli: Self
    /// Feeds damaged inputs (RobustnessCLITests, RobustnessReaderTests).
    @Tag public static var robustness: Self
    /// Drives headless Chromium (MapPreview's end-to-end suite, the preview command).
    @Tag public static var browser: Self
}
