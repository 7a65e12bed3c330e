namespace Letters.Features.Reviewing;

/// <summary>
/// A word-level diff of two draft versions (longest common subsequence), for the admin pages. Line breaks are
/// tokens of their own, so paragraphs survive into the diff (and a new paragraph shows as a change).
/// </summary>
public static class TextDiff
{
    public enum Kind
    {
        Same,
        Removed,
        Added,
    }

    public static List<(Kind Kind, string Text)> Words(string before, string after)
    {
        var a = Split(before);
        var b = Split(after);
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var result = new List<(Kind, string)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                Add(result, Kind.Same, a[x++]);
                y++;
            }
            else if (y < b.Length && (x == a.Length || lengths[x, y + 1] >= lengths[x + 1, y]))
            {
                Add(result, Kind.Added, b[y++]);
            }
            else
            {
                Add(result, Kind.Removed, a[x++]);
            }
        }

        return result;
    }

    private static readonly string[] LineBreak = ["\n"];
    private static readonly char[] Spaces = [' ', '\t', '\r'];

    private static string[] Split(string text) =>
        [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').SelectMany((line, i) =>
            (i == 0 ? [] : LineBreak).Concat(line.Split(Spaces, StringSplitOptions.RemoveEmptyEntries)))];

    /// <summary>The diff as HTML: unchanged text plain, removals in del, additions in ins, line breaks kept.</summary>
    public static string Html(List<(Kind Kind, string Text)> diff)
    {
        var html = new System.Text.StringBuilder();
        foreach (var (kind, text) in diff)
        {
            var encoded = System.Net.WebUtility.HtmlEncode(text);
            html.Append(kind switch { Kind.Added => $"<ins>{encoded}</ins>", Kind.Removed => $"<del>{encoded}</del>", _ => encoded });
            html.Append(' ');
        }

        // Pieces are joined by spaces; a line must not start with one.
        return System.Text.RegularExpressions.Regex.Replace(html.ToString(), " ?\n ?", "\n").TrimEnd();
    }

    // Runs of one kind become one piece, so the page shows phrases, not a tag around every word.
    private static void Add(List<(Kind Kind, string Text)> result, Kind kind, string word)
    {
        if (result.Count > 0 && result[^1].Kind == kind)
        {
            var joint = word == "\n" || result[^1].Text.EndsWith('\n') ? string.Empty : " ";
            result[^1] = (kind, result[^1].Text + joint + word);
        }
        else
        {
            result.Add((kind, word));
        }
    }
}
