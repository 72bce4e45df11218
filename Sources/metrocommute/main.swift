// The executable is only the entry point: every subcommand lives in the MetroCommuteCommands library,
// where tests can run them in process.
import MetroCommuteCommands

MetroCommute.mainWithSuggestions()
