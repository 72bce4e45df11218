import Foundation

/// Debian's headless browser stack for the browser tests: chromium, chromium-driver and python3-selenium, driven by
/// Debian's /usr/bin/python3 (the python3 first on PATH may be another one, without selenium). The tests run their
/// check scripts with `ProgramRun.run(SeleniumChromium.python, …)`.
public enum SeleniumChromium {
    public static let installCommand = "apt-get install chromium chromium-driver python3-selenium"
    public static let python = "/usr/bin/python3"

    /// True when chromium and chromedriver are in /usr/bin and Debian's python3 imports selenium.
    public static let isAvailable: Bool = {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: "/usr/bin/chromedriver"), fm.isExecutableFile(atPath: "/usr/bin/chromium"),
              fm.isExecutableFile(atPath: python) else { return false }
        return (try? ProgramRun.run(python, ["-c", "import selenium"], timeoutSeconds: 60).status) == 0
    }()
}
