import Autodebet
import FixedWidth
import FuzzSupport

/// libFuzzer target: any bytes, read as a mandates CSV: the CSV reader, the header, and
/// every row's checks (the part of `mandates import` before the database).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMandatesCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    readMandates(FuzzReplay.bytes(data, size))
    return 0
}

func readMandates(_ bytes: [UInt8]) {
    try? MandateImport.checkRows(bytes, banks: ["110", "111", "114"], today: CalendarDate(year: 2026, month: 11, day: 21)!,
                                 onProblem: { _ in })
}

#if !FUZZING
@main enum Replay {
    static func main() { FuzzReplay.run(CommandLine.arguments.dropFirst(), readMandates) }
}
#endif
