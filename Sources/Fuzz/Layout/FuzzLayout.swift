import FixedWidth
import FuzzSupport

/// libFuzzer target: any bytes, loaded as a layout file (JSON, then every rule of the
/// layout checker). A layout directory is configuration an operator edits by hand.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLayout(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    loadLayout(FuzzReplay.bytes(data, size))
    return 0
}

func loadLayout(_ bytes: [UInt8]) {
    _ = try? Layout.decode(bytes, source: "fuzz.json")
}

#if !FUZZING
@main enum Replay {
    static func main() { FuzzReplay.run(CommandLine.arguments.dropFirst(), loadLayout) }
}
#endif
