using PdfSharp.Fonts;

namespace Letters.Handwriting;

/// <summary>
/// Serves the embedded fonts to PDFsharp: the handwriting, and the book face a book of letters is set in. The fonts
/// are compiled into this assembly, so rendering never depends on what is installed on the machine.
/// </summary>
internal sealed class FontResolver : IFontResolver
{
    /// <summary>EB Garamond (OFL): the face of a book's title, contents, headings and index.</summary>
    public const string BookFace = "EB Garamond";

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (string.Equals(familyName, BookFace, StringComparison.OrdinalIgnoreCase))
        {
            return new FontResolverInfo(italic ? "EBGaramond-Italic.ttf" : "EBGaramond-Regular.ttf");
        }

        var style = Catalogue.Styles.FirstOrDefault(s => string.Equals(s.Name, familyName, StringComparison.OrdinalIgnoreCase));
        return style is null ? null : new FontResolverInfo(style.FontFile);
    }

    public byte[]? GetFont(string faceName) => LoadFontBytes(faceName);

    public static byte[] LoadFontBytes(string file)
    {
        using var stream = typeof(FontResolver).Assembly.GetManifestResourceStream($"Letters.Handwriting.Fonts.{file}")
            ?? throw new InvalidOperationException($"Font resource {file} is missing from the assembly.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
