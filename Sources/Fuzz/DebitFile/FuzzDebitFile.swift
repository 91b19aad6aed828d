import FixedWidth
import FuzzSupport

/// libFuzzer target: any bytes, read and validated as a debit file (totals recomputed) in
/// every built-in layout, as `autodebet validate` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDebitFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    readDebitFile(FuzzReplay.bytes(data, size))
    return 0
}

func readDebitFile(_ bytes: [UInt8]) {
    for layout in FuzzReplay.layouts {
        _ = try? FixedWidthFileReader<DebitFile>.read(bytes: bytes, layout: layout, onDetail: { _ in }, onError: { _ in })
    }
}

#if !FUZZING
@main enum Replay {
    static func main() { FuzzReplay.run(CommandLine.arguments.dropFirst(), readDebitFile) }
}
#endif
