using System.Globalization;
using System.Text.RegularExpressions;

namespace Letters.Handwriting.Books;

/// <summary>
/// Finds the names on a page of a letter: the names the book is told of, wherever they occur, and any run of
/// capitalised words inside a sentence (a person, a place, a street: "Rue Cler", "Étretat", "Mum"). A capital at the
/// start of a sentence, a line of its own (the salutation, the closing) or a quotation says nothing, so it is not
/// taken; neither are "I", the months and the days.
/// </summary>
public static partial class NameIndex
{
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "I", "I'm", "I’m", "I'd", "I’d", "I've", "I’ve", "I'll", "I’ll", "OK",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    };

    /// <summary>The distinct names on one page's text, in the order they first occur.</summary>
    public static IReadOnlyList<string> Find(string pageText, IReadOnlyList<string> known) => Find([pageText], known)[0];

    /// <summary>
    /// The names on each page of a letter. A sentence runs on over the page's edge, so a name broken there
    /// ("Café" at the foot, "Procope" at the head of the next) is one name, on the page where it begins.
    /// </summary>
    public static IReadOnlyList<string>[] Find(IReadOnlyList<string> pages, IReadOnlyList<string> known)
    {
        var found = pages.Select(_ => new List<string>()).ToArray();
        for (var page = 0; page < pages.Count; page++)
        {
            foreach (var name in known.Where(n => n.Length > 1))
            {
                if (Regex.IsMatch(pages[page], $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(name)}(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant))
                {
                    found[page].Add(name);
                }
            }
        }

        // A blank line parts the date, salutation, body, closing and signature: each begins like a sentence.
        var run = new List<string>();
        var runPage = 0;
        var sentenceStart = true;
        for (var page = 0; page < pages.Count; page++)
        {
            var blocks = pages[page].Split("\n\n");
            for (var b = 0; b < blocks.Length; b++)
            {
                if (b > 0)
                {
                    Flush(run, found[runPage]);
                    sentenceStart = true;
                }

                foreach (var token in blocks[b].Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var word = Core(token);
                    var opensQuote = "“\"‘'(".Contains(token[0], StringComparison.Ordinal);
                    var capital = word.Length > 1 && char.IsUpper(word[0]) && word.Skip(1).Any(char.IsLower) && !NotNames.Contains(word);
                    if (capital && (run.Count > 0 || (!sentenceStart && !opensQuote)))
                    {
                        if (run.Count == 0)
                        {
                            runPage = page;
                        }

                        run.Add(word);
                    }
                    else
                    {
                        Flush(run, found[runPage]);
                    }

                    // The run ends at punctuation after the word ("Lyon, where …"): "Lyon" is a name, not "Lyon Where".
                    if (run.Count > 0 && EndsRun(token))
                    {
                        Flush(run, found[runPage]);
                    }

                    sentenceStart = EndsSentence(token);
                }
            }
        }

        Flush(run, found[runPage]);
        return [.. found.Select(f => (IReadOnlyList<string>)f.Distinct(StringComparer.Ordinal).ToList())];
    }

    /// <summary>Sorting for the index: by letters, then case, as a reader looks names up.</summary>
    public static StringComparer Order { get; } = StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreCase);

    private static void Flush(List<string> run, List<string> found)
    {
        if (run.Count is > 0 and <= 3)
        {
            found.Add(string.Join(' ', run));
        }

        run.Clear();
    }

    /// <summary>The word without the quotation marks and punctuation around it, and without a possessive.</summary>
    private static string Core(string token)
    {
        var word = Edges().Replace(token, "");
        return Possessive().Replace(word, "");
    }

    private static bool EndsSentence(string token) => SentenceEnd().IsMatch(token);

    private static bool EndsRun(string token) => !char.IsLetter(token[^1]) || Possessive().IsMatch(Edges().Replace(token, ""));

    [GeneratedRegex(@"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$")]
    private static partial Regex Edges();

    [GeneratedRegex(@"['’]s$")]
    private static partial Regex Possessive();

    // A semicolon goes on with the same sentence; a colon may open one ("She said: Come home").
    [GeneratedRegex(@"[.!?…:][”""’')]*$")]
    private static partial Regex SentenceEnd();
}
