import FixedWidth
#if canImport(Glibc)
import Glibc
#endif

/// The fuzz targets' second life: built without `-DFUZZING` (every `swift build`), each
/// target is a program that feeds the files named on its command line to the same
/// function libFuzzer calls, so a kept crasher (fixtures/crashers/) replays in a test.
public enum FuzzReplay {
    /// The largest input replayed: libFuzzer's inputs here stay far below it.
    public static let maxInputBytes = 16 << 20

    /// Calls `body` with the bytes of each file named in `arguments`; exits 0 when every
    /// one returned (a crash or a hang is the failure), 2 when a file cannot be read.
    public static func run(_ arguments: ArraySlice<String>, _ body: ([UInt8]) -> Void) -> Never {
        var replayed = 0
        for path in arguments {
            guard let bytes = try? FileDescriptorSource.contents(path: path, limit: maxInputBytes) else {
                print("cannot read \(path)")
                exit(2)
            }
            body(bytes)
            replayed += 1
        }
        print("replayed \(replayed) input\(replayed == 1 ? "" : "s")")
        exit(0)
    }

    /// The bytes libFuzzer hands over.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The built-in layouts, from `layouts/` under the working directory (`make fuzz` and
    /// the tests run from the repository's root).
    public static let layouts: [Layout] = {
        guard let catalog = try? LayoutCatalog(directories: ["layouts"]) else {
            fatalError("run from the repository's root: layouts/ not found")
        }
        return catalog.names.compactMap { try? catalog.layout(named: $0) }
    }()
}
