/// The program's version, and the schema version it expects (its latest migration), for
/// `autodebet --version` and for the check before a command uses a database.
public enum ProgramVersion {
    public static let number = "0.10.0"

    public static var description: String {
        "autodebet \(number) (schema version \(Migrator().schemaVersion))"
    }
}
