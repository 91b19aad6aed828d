import FixedWidth
import FuzzSupport

/// libFuzzer target: any bytes, read as a return file in every built-in layout. The reader
/// must report problems, never crash, hang or grow without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReturnFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    readReturnFile(FuzzReplay.bytes(data, size))
    return 0
}

func readReturnFile(_ bytes: [UInt8]) {
    for layout in FuzzReplay.layouts {
        _ = try? FixedWidthFileReader<ReturnFile>.read(bytes: bytes, layout: layout, onDetail: { _ in }, onError: { _ in })
    }
}

#if !FUZZING
@main enum Replay {
    static func main() { FuzzReplay.run(CommandLine.arguments.dropFirst(), readReturnFile) }
}
#endif
