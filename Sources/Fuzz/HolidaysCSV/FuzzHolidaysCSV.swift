import Autodebet
import FixedWidth
import FuzzSupport

/// libFuzzer target: any bytes, read as a holidays CSV (`holidays import` before the database).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHolidaysCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    readHolidays(FuzzReplay.bytes(data, size))
    return 0
}

func readHolidays(_ bytes: [UInt8]) {
    var reader = CSVReader(bytes: bytes)
    _ = try? HolidayImport.read(&reader, regulation: nil, onProblem: { _ in })
}

#if !FUZZING
@main enum Replay {
    static func main() { FuzzReplay.run(CommandLine.arguments.dropFirst(), readHolidays) }
}
#endif
