import ArgumentParser

@main
struct MetroCommute: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "metrocommute",
        abstract: "Metropolitan-area commuting analysis.", version: "0.1.0")
}
