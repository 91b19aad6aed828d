import Crypto
import FixedWidth
import PostgresClient

/// `autodebet files rewrite NAME [--out DIR]`: a recorded debit file written again from the
/// database (the outgoing copy was lost or damaged), byte for byte. The file is encoded
/// twice, streaming: once to hash it, and only when that hash equals the one recorded
/// at generation, once more into the directory (atomically, mode 0600). Otherwise
/// nothing is written (exit 4). A cancelled file is never written again.
public struct FileRewrite {
    public struct Outcome: Sendable, Equatable {
        public var file: DebitFileRecord
        public var path: String
    }

    let connection: PostgresConnection
    let layouts: LayoutCatalog
    let today: CalendarDate

    public init(connection: PostgresConnection, layouts: LayoutCatalog, today: CalendarDate) {
        self.connection = connection
        self.layouts = layouts
        self.today = today
    }

    public func run(name: String, directory: String) throws -> Outcome {
        let file = try DebitFiles(connection: connection, today: today).named(name)
        if file.status == .cancelled {
            throw AutodebetError(.refused, "\(name) was cancelled: it must not be sent again (its replacement carries its debits)")
        }
        let recorded = try connection.query(
            "SELECT layout, creation_date::text AS creation_date FROM autodebet.debit_file WHERE name = $1", [name])[0]
        let layout = try layouts.layout(named: try recorded.string("layout"))
        guard let creationDate = CalendarDate(iso: try recorded.string("creation_date")) else {
            throw AutodebetError(.failure, "\(name): unreadable creation date")
        }
        let header = DebitFileHeader(bankCode: file.bankCode, creationDate: creationDate, debitDate: file.debitDate,
                                     period: file.period, attempt: file.attempt, sequence: file.sequence)
        var hasher = SHA256()
        try encode(file, layout: layout, header: header) { bytes in bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        let rebuilt = hasher.finalize().hex
        guard rebuilt == file.sha256 else {
            throw AutodebetError(.refused, """
                the database no longer reproduces \(name): recorded SHA-256 \(file.sha256), rebuilt \(rebuilt) \
                (an instruction, account or participant changed since, or the layout \(layout.name) did); nothing was written
                """)
        }
        try FileSystem.prepareDirectory(directory)
        let out = try AtomicFile(directory: directory, name: name)
        try encode(file, layout: layout, header: header) { try out.write($0) }
        let written = try out.commit()
        guard written == file.sha256 else {
            throw AutodebetError(.failure, "\(directory)/\(name) was written with SHA-256 \(written), not the recorded one; do not send it")
        }
        var details = JSONObject()
        details.add("sha256", written)
        details.add("directory", directory)
        details.add("records", file.recordCount)
        try AuditLog.record(connection, action: "files.rewrite", subject: name, details: details.text)
        return Outcome(file: file, path: out.path)
    }

    /// The file's bytes, in chunks, from its recorded header and its instructions in the
    /// order generate wrote them (by mandate id).
    private func encode(_ file: DebitFileRecord, layout: Layout, header: DebitFileHeader,
                        _ emit: ([UInt8]) throws -> Void) throws {
        var encoder = try FixedWidthFileEncoder<DebitFile>(layout: layout, header: header)
        var buffer: [UInt8] = []
        try encoder.encodeHeader(into: &buffer)
        try connection.transaction {
            // COPY takes no bind parameters: the file's key comes as transaction-local settings.
            try connection.query("""
                SELECT set_config('autodebet.rewrite_period', $1, true), set_config('autodebet.rewrite_bank', $2, true),
                       set_config('autodebet.rewrite_attempt', $3, true), set_config('autodebet.rewrite_sequence', $4, true)
                """, [file.period.description, file.bankCode, String(file.attempt), String(file.sequence)])
            try connection.copyOut("""
                COPY (SELECT i.reference, i.account_no, i.account_name, i.amount, i.jkk, i.jkm, i.jht, i.kpj, p.nik
                        FROM autodebet.debit_instruction i JOIN autodebet.participant p ON p.kpj = i.kpj
                       WHERE i.period = current_setting('autodebet.rewrite_period')
                         AND i.bank_code = current_setting('autodebet.rewrite_bank')
                         AND i.attempt = current_setting('autodebet.rewrite_attempt')::int
                         AND i.file_sequence = current_setting('autodebet.rewrite_sequence')::int
                       ORDER BY i.mandate_id) TO STDOUT
                """) { row in
                try encoder.encode(DebitDetail(
                    reference: row.string(0)!, accountNumber: row.string(1)!, accountName: row.string(2)!,
                    amount: row.int64(3)!, jkk: row.int64(4)!, jkm: row.int64(5)!, jht: row.int64(6)!,
                    kpj: row.string(7)!, nik: row.string(8)!), into: &buffer)
                if buffer.count >= 1 << 20 {
                    try emit(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
        }
        try encoder.encodeTrailer(into: &buffer)
        try emit(buffer)
    }
}
