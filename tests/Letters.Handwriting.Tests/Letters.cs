namespace Letters.Handwriting.Tests;

internal static class Letters
{
    /// <summary>A one-page letter of two paragraphs: the library's sample, cut short.</summary>
    public static string Body { get; } = SampleLetter.FirstWords(75);

    public static LetterDocument Standard(string style = "caveat", ulong seed = 7) => SampleLetter.Document(75, style, seed: seed);

    /// <summary>Whitespace-insensitive form: pdftotext lays words out by position, so only the words and their order count.</summary>
    public static string Words(string text) =>
        string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\f', '\t'], StringSplitOptions.RemoveEmptyEntries));

    public static string ExpectedWords(LetterDocument d) => Words($"{d.DateLine} {d.Salutation} {d.Body} {d.Closing} {d.Signature}");
}
