namespace Letters.Handwriting.Tests;

internal static class Letters
{
    public const string Body =
        "Fifty years ago this morning you walked into the bakery on Rue Cler with flour on your sleeve and asked " +
        "whether the almond croissants were any good. I said they were the best in Paris, which was a lie.\n\n" +
        "We have had a kitchen in three countries, a garden that never once grew a tomato, and a dog called " +
        "Biscuit who loved you more than she loved me. Thank you for every ordinary morning.";

    public static LetterDocument Standard(string style = "caveat", ulong seed = 7) => new()
    {
        DateLine = "14 June 2026",
        Salutation = "My dearest Claire,",
        Body = Body,
        Closing = "With all my love,",
        Signature = "Henri",
        Style = style,
        Paper = "cream",
        PageSize = "a5",
        Seed = seed,
        Title = "For Claire",
        Subject = "Anniversary letter",
    };

    /// <summary>Whitespace-insensitive form: pdftotext lays words out by position, so only the words and their order count.</summary>
    public static string Words(string text) =>
        string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\f', '\t'], StringSplitOptions.RemoveEmptyEntries));

    public static string ExpectedWords(LetterDocument d) => Words($"{d.DateLine} {d.Salutation} {d.Body} {d.Closing} {d.Signature}");
}
