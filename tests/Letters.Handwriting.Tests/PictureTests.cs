namespace Letters.Handwriting.Tests;

/// <summary>
/// Page 1 of a standard letter in every style, rendered by poppler and compared with a committed reference.
/// To accept an intended change: LETTERS_UPDATE_REFERENCES=1 dotnet test, look at the new PNGs, commit them.
/// </summary>
public sealed class PictureTests
{
    private const int Dpi = 36;

    // Mean grey-level difference per pixel (0–255). Anti-aliasing differences between poppler builds stay well
    // under 1; a moved line of text or a changed paper is several.
    private const double Tolerance = 1.5;

    [Theory]
    [MemberData(nameof(RendererTests.StyleIds), MemberType = typeof(RendererTests))]
    public void Page_one_looks_like_the_reference(string style)
    {
        var png = Poppler.FirstPagePng(LetterRenderer.Render(Letters.Standard(style)).Pdf, Dpi);
        var source = Path.Combine(SourceDirectory(), "References", $"{style}.png");

        // Updating writes the new picture and compares nothing: a run that rewrites its references proves nothing.
        if (Environment.GetEnvironmentVariable("LETTERS_UPDATE_REFERENCES") == "1")
        {
            File.WriteAllBytes(source, png);
            Assert.Skip($"Reference for {style} rewritten; look at it before committing.");
        }

        Assert.True(File.Exists(source), $"No reference picture for {style}; run with LETTERS_UPDATE_REFERENCES=1 and commit it.");
        var expected = GreyImage.FromPng(File.ReadAllBytes(source));
        var actual = GreyImage.FromPng(png);

        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        Assert.InRange(actual.MeanDifference(expected), 0, Tolerance);
        Assert.InRange(actual.InkCoverage(), 0.01, 0.25);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
