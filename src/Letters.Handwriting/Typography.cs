using System.Text;

namespace Letters.Handwriting;

/// <summary>
/// A writer types straight quotes, apostrophes and hyphens; a hand writes the language's own: “ ” and ’ in English,
/// « » with no-break spaces in French, „ “ in German, « » in Spanish and Italian; a spaced hyphen is a dash and a double
/// hyphen a long one. A form the hand cannot write stays as typed, so this never adds a character the style lacks.
/// </summary>
internal static class Typography
{
    private sealed record Marks(string Open, string Close, string OpenSingle, string CloseSingle, string Inside = "");

    private static readonly Marks English = new("\u201C", "\u201D", "\u2018", "\u2019");

    private static Marks For(string? language) => (language ?? "en").Split('-')[0].ToLowerInvariant() switch
    {
        "fr" => new("\u00AB", "\u00BB", "\u201C", "\u201D", Inside: "\u00A0"),
        "de" => new("\u201E", "\u201C", "\u201A", "\u2018"),
        "es" or "it" or "pt" => new("\u00AB", "\u00BB", "\u201C", "\u201D"),
        _ => English,
    };

    public static string Set(string text, string? language, ITextMeasure hand)
    {
        if (text.IndexOfAny(['"', '\'', '-']) < 0)
        {
            return text;
        }

        var marks = For(language);
        bool Writes(string s) => s.Length == 0 || hand.Unsupported(s).Count == 0;
        var doubles = Writes(marks.Open + marks.Close);
        var inside = doubles && Writes(marks.Inside) ? marks.Inside : "";
        var singles = Writes(marks.OpenSingle + marks.CloseSingle);
        var apostrophe = Writes("\u2019");
        var dash = Writes("\u2013");
        var longDash = Writes("\u2014");

        var result = new StringBuilder(text.Length + 8);
        var quoting = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var before = i > 0 ? text[i - 1] : ' ';
            var after = i + 1 < text.Length ? text[i + 1] : ' ';
            var opening = char.IsWhiteSpace(before) || "([{\u2018\u201C\u00AB\u201E\u2013\u2014/".Contains(before, StringComparison.Ordinal);
            switch (c)
            {
                case '"' when doubles && !quoting && opening:
                    // A quotation opens; in French the space typed inside it becomes the no-break space.
                    result.Append(marks.Open).Append(inside);
                    quoting = true;
                    if (inside.Length > 0 && after == ' ')
                    {
                        i++;
                    }

                    break;
                case '"' when doubles:
                    TrimSpace(result, inside);
                    result.Append(inside).Append(marks.Close);
                    quoting = false;
                    break;
                case '\'' when apostrophe && (char.IsLetterOrDigit(before) && char.IsLetter(after) || opening && char.IsDigit(after)):
                    // it's, l'amour, the '90s
                    result.Append('\u2019');
                    break;
                case '\'' when singles && opening:
                    result.Append(marks.OpenSingle);
                    break;
                case '\'' when singles || apostrophe:
                    result.Append(singles ? marks.CloseSingle : "\u2019");
                    break;
                case '-' when longDash && after == '-':
                    result.Append('\u2014');
                    i++;
                    break;
                case '-' when dash && before == ' ' && after == ' ':
                    result.Append('\u2013');
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }

    /// <summary>A space typed before a closing French guillemet becomes the no-break space, not a second space.</summary>
    private static void TrimSpace(StringBuilder text, string inside)
    {
        if (inside.Length > 0 && text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }
    }
}
