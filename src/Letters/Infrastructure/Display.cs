using System.Globalization;
using Letters.Handwriting;

namespace Letters.Infrastructure;

/// <summary>How the dashboards show things to people: names, not ids; times with their zone and how far off.</summary>
public static class Display
{
    /// <summary>"in 6 days", "in 3 hours", "2 days ago": the distance a person reads first.</summary>
    public static string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        var ahead = span >= TimeSpan.Zero;
        var size = span.Duration();
        var words = size.TotalDays >= 1.5 ? $"{Math.Round(size.TotalDays)} days"
            : size.TotalHours >= 1.5 ? $"{Math.Round(size.TotalHours)} hours"
            : size.TotalMinutes >= 1.5 ? $"{Math.Round(size.TotalMinutes)} minutes"
            : size.TotalDays >= 1 ? "a day" : size.TotalHours >= 1 ? "an hour" : "a minute";
        return ahead ? $"in {words}" : $"{words} ago";
    }

    /// <summary>"due in 6 days (14 Dec, 09:00 UTC)".</summary>
    public static string Due(DateTimeOffset dueAt, DateTimeOffset now) =>
        $"due {Relative(dueAt, now)} ({dueAt.UtcDateTime.ToString("d MMM, HH:mm", CultureInfo.InvariantCulture)} UTC)";

    /// <summary>A catalogue or vocabulary id as words: "thank_you" → "Thank you", "blue_black" → "Blue-black" via the catalogue.</summary>
    public static string Words(string id) =>
        id.Length == 0 ? id : char.ToUpperInvariant(id[0]) + id[1..].Replace('_', ' ');

    public static string Style(string id) => Catalogue.FindStyle(id)?.Name ?? Words(id);

    public static string Ink(string id) => Catalogue.FindInk(id)?.Name ?? Words(id);

    public static string Paper(string id) => Catalogue.FindPaper(id)?.Name ?? Words(id);

    /// <summary>A language tag by its English name: "en" → "English", "pt-BR" → "Portuguese (Brazil)".</summary>
    public static string Language(string tag)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(tag, predefinedOnly: true);
            return culture.Equals(CultureInfo.InvariantCulture) ? tag : culture.EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return tag;
        }
    }
}
