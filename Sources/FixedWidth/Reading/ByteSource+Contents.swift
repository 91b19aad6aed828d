extension ByteSource {
    /// Every byte up to the end (small files: layouts).
    mutating func contents() throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }
}
