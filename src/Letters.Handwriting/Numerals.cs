namespace Letters.Handwriting;

/// <summary>
/// The digit one as a hand writes it where it must not be misread: in a style whose own 1 is a bare stroke (Kalam's
/// reads as I, Tech's as l), an address's 1 gets a flag and a foot, the way the post's sorters and a careful writer
/// make it. Only addresses: a postcode misread sends the letter elsewhere, a 1 in a sentence reads from its words.
/// </summary>
internal static class Numerals
{
    public static bool Clarifies(HandwritingStyle style, LineKind kind, int codePoint) =>
        style.PlainOne && codePoint == '1' && kind is LineKind.Recipient or LineKind.ReturnAddress;

    /// <summary>
    /// The flag (up to the top of the stem) and the foot, in the glyph's own units with y up, given the stem's ink box.
    /// The pen writes the flag and stem as one movement; a font style adds the two to its own stem.
    /// </summary>
    public static (double X, double Y)[][] Marks(double left, double right, double bottom, double top)
    {
        var stem = (left + right) / 2;
        var height = top - bottom;
        return
        [
            [(stem - (0.3 * height), top - (0.32 * height)), (stem, top)],
            [(stem - (0.15 * height), bottom), (stem + (0.15 * height), bottom)],
        ];
    }
}
