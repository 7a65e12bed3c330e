namespace Letters.Handwriting;

/// <summary>
/// One sample letter, used for the catalogue previews, the gallery, the benchmark and the tests, so that all
/// of them look at the same writing.
/// </summary>
public static class SampleLetter
{
    public const string Body =
        "Fifty years ago this morning you walked into the bakery on Rue Cler with flour on your sleeve and asked " +
        "whether the almond croissants were any good. I said they were the best in Paris, which was a lie, and you " +
        "bought two anyway. I have been trying to deserve that second croissant ever since.\n\n" +
        "We have had a kitchen in three countries, a garden that never once grew a tomato, two children who argue " +
        "exactly like you do, and a dog called Biscuit who loved you more than she loved me. You taught me to " +
        "swim at thirty-one, to apologise before the sun goes down, and that a cup of tea fixes nearly everything " +
        "if you let it go cold while you talk.\n\n" +
        "When Mum was ill you drove to Lyon every Friday for a year and never once made me feel I owed you the " +
        "petrol. When the shop closed you said, \"Good, now we can have lunch together,\" and we did, every day, " +
        "for eleven years. I still think about the picnic at Étretat when the wind took the blanket and you " +
        "laughed so hard you had to sit down on the wet rocks.\n\n" +
        "I do not know how to write what fifty years feels like. It feels like the almond croissant: a small " +
        "thing I said yes to without thinking, that turned out to be the whole of my life. Thank you for every " +
        "ordinary morning. I would choose all of them again.";

    /// <summary>The sample letter, its body cut to the first <paramref name="words"/> words (paragraphs kept).</summary>
    public static LetterDocument Document(int words = int.MaxValue, string style = "caveat", string paper = "cream", string pageSize = "a5", ulong seed = 7) => new()
    {
        DateLine = "14 June 2026",
        Salutation = "My dearest Claire,",
        Body = FirstWords(words),
        Closing = "With all my love,",
        Signature = "Henri",
        Style = style,
        Paper = paper,
        PageSize = pageSize,
        Seed = seed,
        Title = "For Claire",
        Subject = "Anniversary letter",
    };

    /// <summary>
    /// The opening of the sample letter in whole sentences, at most <paramref name="count"/> words (but at least
    /// the first sentence): a preview that stops mid-sentence reads as broken.
    /// </summary>
    public static string FirstSentences(int count)
    {
        var text = FirstWords(count);
        var end = text.LastIndexOfAny(['.', '!', '?']);
        return end > 0 ? text[..(end + 1)] : FirstWords(int.MaxValue)[..(Body.IndexOfAny(['.', '!', '?']) + 1)];
    }

    public static string FirstWords(int count)
    {
        var paragraphs = new List<string>();
        var left = count;
        foreach (var paragraph in Body.Split("\n\n"))
        {
            var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            paragraphs.Add(string.Join(' ', words.Take(left)));
            left -= Math.Min(left, words.Length);
            if (left == 0)
            {
                break;
            }
        }

        return string.Join("\n\n", paragraphs);
    }
}
