import CLibPQ

/// Sole owner of one `PGresult`: noncopyable, so `PQclear` runs exactly once, on every path.
struct LibPQResult: ~Copyable {
    let pointer: OpaquePointer
    private let observer: LibPQLifecycleObserver?

    init(_ pointer: OpaquePointer, observer: LibPQLifecycleObserver?) {
        self.pointer = pointer
        self.observer = observer
        observer?.record { $0.resultsCreated += 1 }
    }

    deinit {
        PQclear(pointer)
        observer?.record { $0.resultsCleared += 1 }
    }

    var status: ExecStatusType { PQresultStatus(pointer) }

    /// PQcmdTuples as a number; 0 when the command reports none.
    var affectedRows: Int { Int(String(cString: PQcmdTuples(pointer))) ?? 0 }

    func errorField(_ code: UInt8) -> String? {
        guard let value = PQresultErrorField(pointer, Int32(code)) else { return nil }
        return String(cString: value)
    }
}

/// PG_DIAG_* codes from postgres_ext.h (character macros are not imported into Swift).
enum DiagnosticField {
    static let sqlState = UInt8(ascii: "C")
    static let messagePrimary = UInt8(ascii: "M")
    static let messageDetail = UInt8(ascii: "D")
    static let messageHint = UInt8(ascii: "H")
    static let constraintName = UInt8(ascii: "n")
    static let severity = UInt8(ascii: "V")  // non-localized severity
}
