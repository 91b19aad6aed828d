import ArgumentParser

/// --format of the listing commands: a table for people, CSV or JSON for machines.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}
