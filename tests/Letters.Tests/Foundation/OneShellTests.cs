using Letters.Tests.Infrastructure;

namespace Letters.Tests.Foundation;

/// <summary>
/// The renderer writes every letter through one document shell (<c>LetterPdf</c>): font styles, pen styles and
/// whatever comes next differ only in their canvas. A second shell would drift from it (a proof without its
/// watermark on the envelope, a letter whose bytes change between runs); a second ActualText writer would give
/// copied text two encodings. This finds either.
/// </summary>
public sealed class OneShellTests
{
    [Theory]
    [InlineData("new PdfDocument(", "LetterPdf.Write with a canvas")]
    [InlineData(".Save(stream", "LetterPdf.Write with a canvas")]
    [InlineData("SetMetadata(", "LetterPdf.Write with a canvas")]
    [InlineData("/ActualText", "ContentWriter.ActualText")]
    public void A_letter_is_made_only_through_its_one_shell(string handWritten, string door)
    {
        var root = Repository.PathTo("src", "Letters.Handwriting");
        var found = Repository.SourceLines(root)
            // The shell and the content writer themselves, and the book: a different document, which places
            // finished letters rather than writing one.
            .Where(l => Path.GetFileName(l.File) is not ("LetterPdf.cs" or "ContentWriter.cs") && !l.File.StartsWith("Books", StringComparison.Ordinal))
            .Where(l => l.Line.Contains(handWritten, StringComparison.Ordinal) && !l.Line.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Number}: {l.Line.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, $"Use {door}: {string.Join(" | ", found)}");
    }

    /// <summary>
    /// Hand-written reads of orders and campaigns start with <c>LetterSettingsConfiguration.SelectFrom</c> (or go
    /// through <c>FromTable</c>): a bare <c>SELECT *</c> would leave the letter's settings unread and fail at run time.
    /// </summary>
    [Fact]
    public void Hand_written_reads_of_a_letters_owner_go_through_its_one_select()
    {
        var found = Repository.SourceLines(Repository.PathTo("src", "Letters"))
            .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l.Line, @"SELECT \*[^;]*FROM (orders|campaigns|standing_orders)\b")
                        || System.Text.RegularExpressions.Regex.IsMatch(l.Line, @"(Orders|Campaigns|StandingOrders)\s*\.FromSql(Interpolated)?\("))
            .Select(l => $"{l.File}:{l.Number}: {l.Line.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, $"Use LetterSettingsConfiguration.SelectFrom or FromTable: {string.Join(" | ", found)}");
    }
}
