import FixedWidth
import Logging
import PersonalData
import PostgresClient

/// Reading the file: every row checked as it streams into the staging table.
extension MandateImport {
    static let stagingTable = """
        CREATE TEMP TABLE mandate_staging (
            line         int NOT NULL,   -- unique by construction
            mandate_ref  text COLLATE "C" NOT NULL,
            kpj          text COLLATE "C" NOT NULL,
            nik          text COLLATE "C" NOT NULL,
            name         text NOT NULL,
            sector       text NOT NULL,
            income       bigint NOT NULL,
            jht          boolean NOT NULL,
            bank_code    text COLLATE "C" NOT NULL,
            account_no   text COLLATE "C" NOT NULL,
            account_name text NOT NULL,
            signed_on    date NOT NULL,
            start_period autodebet.period NOT NULL,
            end_period   autodebet.period,
            paid_through autodebet.period,
            status       text NOT NULL
        ) ON COMMIT DROP
        """

    /// Streams the file into mandate_staging; returns the number of data rows read.
    func stage(_ reader: inout CSVReader, banks: Set<String>, progress: ProgressCounter?,
                       onProblem: (InputProblem) -> Void) throws -> Int {
        var rows = 0
        try connection.copyIn("COPY mandate_staging FROM STDIN") { writer in
            rows = try Self.forEachRow(&reader, banks: banks, today: today, progress: progress, onProblem: onProblem) { row in
                writer.append(row.line)
                writer.append(row.mandateRef)
                writer.append(row.kpj)
                writer.append(row.nik)
                writer.append(row.name)
                writer.append(row.sector)
                writer.append(row.income)
                writer.append(row.jht)
                writer.append(row.bankCode)
                writer.append(row.accountNo)
                writer.append(row.accountName)
                writer.append(row.signedOn.description)
                writer.append(row.startPeriod.description)
                writer.append(row.endPeriod?.description)
                writer.append(row.paidThrough?.description)
                writer.append(row.status)
                writer.endRow()
            }
        }
        return rows
    }

    /// Checks the header and every row of a mandates file held in memory, without a
    /// database (the fuzz target): the same reading as an import's.
    public static func checkRows(_ bytes: [UInt8], banks: Set<String>, today: CalendarDate,
                                 onProblem: (InputProblem) -> Void) throws {
        var reader = CSVReader(bytes: bytes)
        _ = try forEachRow(&reader, banks: banks, today: today, progress: nil, onProblem: onProblem) { _ in }
    }

    /// Reads the header and every row, checking each: valid rows go to `onRow`, problems
    /// to `onProblem`. Returns the number of data rows read.
    static func forEachRow(_ reader: inout CSVReader, banks: Set<String>, today: CalendarDate, progress: ProgressCounter?,
                           onProblem: (InputProblem) -> Void, onRow: (MandateRow) -> Void) throws -> Int {
        guard let header = try CSVHeader<MandateColumn>.read(&reader, expected: "a header row", onProblem: onProblem) else { return 0 }
        var rows = 0
        while true {
            guard let record = try reader.nextRecord(onProblem: onProblem) else { break }
            rows += 1
            if rows % 10_000 == 0 { progress?.update(rows) }
            guard record.fields.count == MandateColumn.allCases.count else {
                onProblem(InputProblem(line: record.line,
                    message: "expected \(MandateColumn.allCases.count) fields, found \(record.fields.count)"))
                continue
            }
            switch MandateRow.parse(record, columns: header, banks: banks, today: today) {
            case .invalid(let problems): problems.forEach(onProblem)
            case .valid(let row): onRow(row)
            }
        }
        return rows
    }
}
