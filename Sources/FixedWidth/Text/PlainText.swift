/// The "plaining" rule for writing `X(n)` fields (layouts.md, *Field formats*).
///
/// Text is uppercased; Latin letters lose their diacritics (É→E, Ñ→N), and the Latin
/// letters that do not decompose are spelled out (Ø→O, Ł→L, Đ→D, Æ→AE, Œ→OE, ß→SS);
/// only `A–Z 0–9 space . , ' - /` are kept, everything else is dropped; runs of spaces
/// become one; the result is trimmed and cut to the field width. The output is ASCII.
///
/// Two interpretations the spec leaves open, chosen so names stay readable:
/// - any whitespace (tab, line break, no-break space) counts as a space, so words that
///   were separated stay separated;
/// - typographic apostrophes and hyphens (’ ‘ ʼ ‐ ‑ ‒ – —) count as `'` and `-`.
public enum PlainText {
    /// The plain form of `text`, at most `width` characters, without trailing spaces.
    public static func plain(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        let candidates = LatinFolding.asciiCandidates(text)
        var output = [UInt8](repeating: ASCII.space, count: min(width, candidates.count))
        var count = output.withUnsafeMutableBufferPointer { buffer in
            PlainTextWriter.write(candidates, into: buffer, at: 0, width: buffer.count) ?? 0
        }
        // Cutting can end on the single space between two words; it is padding in a
        // record, but not part of the value.
        while count > 0 && output[count - 1] == ASCII.space { count -= 1 }
        return String(decoding: output[0..<count], as: UTF8.self)
    }

    /// Whether `text` is already plain (and so written unchanged), e.g. a reference.
    public static func isPlain(_ text: String) -> Bool {
        plain(text, width: text.utf8.count) == text
    }

    /// Writes the plain form of `text` into `buffer[offset..<offset + width]`, which must
    /// already hold spaces. Returns the number of bytes written.
    ///
    /// The encoder's hot path: names are nearly always ASCII, so the UTF-8 bytes are
    /// plained directly with no allocation; only a text with a non-ASCII byte takes the
    /// Unicode path (decomposition via Foundation).
    @discardableResult
    static func write(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int, width: Int) -> Int {
        let fast = text.withUTF8Bytes { utf8 in
            PlainTextWriter.write(utf8, into: buffer, at: offset, width: width)
        }
        if let fast { return fast }
        for index in offset..<(offset + width) { buffer[index] = ASCII.space }
        return PlainTextWriter.write(LatinFolding.asciiCandidates(text), into: buffer, at: offset, width: width) ?? 0
    }
}
