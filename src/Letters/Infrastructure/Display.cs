using System.Globalization;
using System.Text.RegularExpressions;
using Letters.Domain;
using Letters.Handwriting;

namespace Letters.Infrastructure;

/// <summary>How the dashboards show things to people: names, not ids; times with their zone and how far off.</summary>
public static partial class Display
{
    /// <summary>
    /// The web forms' labels for the API's field names: a message the API words as "'address_line1' must not be
    /// empty" reads "Address must not be empty" on a page, where nobody typed into an "address_line1".
    /// </summary>
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["name"] = "Name", ["first_name"] = "First name", ["address_line1"] = "Address", ["address_line2"] = "Address, second line",
        ["city"] = "City", ["region"] = "State or region", ["postal_code"] = "Postcode", ["country"] = "Country",
        ["relationship"] = "Who they are to you", ["brief"] = "What to tell the writer", ["occasion"] = "Occasion", ["tone"] = "Tone",
        ["length"] = "Length", ["language"] = "Language", ["style"] = "Handwriting", ["ink"] = "Ink", ["paper"] = "Paper",
        ["page_size"] = "Page", ["envelope_size"] = "Envelope", ["address_placement"] = "Window envelope", ["signature"] = "Signed",
        ["deliver_by"] = "Arrives by", ["priority"] = "Priority", ["return_address"] = "Return address", ["recipient"] = "Recipient",
        ["recipient_id"] = "Recipient", ["occasion_name"] = "Occasion's own name", ["month"] = "Month", ["day"] = "Day",
        ["time_zone"] = "Time zone", ["lead_days"] = "Days ahead", ["leap_day"] = "In other years", ["note"] = "This year's note",
        ["title"] = "Title", ["dedication"] = "Dedication", ["trim"] = "Book size", ["from"] = "From", ["to"] = "To",
        ["url"] = "URL", ["description"] = "Description", ["event_types"] = "Events", ["kind"] = "Kind", ["notes"] = "Notes",
        ["email"] = "E-mail", ["password"] = "Password", ["mode"] = "Mode", ["quote_id"] = "Price",
    };

    /// <summary>The label a form shows for an API field ("recipient.address_line1" → "Address"); the field itself if none.</summary>
    public static string Label(string field) =>
        Labels.TryGetValue(field, out var label) ? label
        : Labels.TryGetValue(field[(field.LastIndexOf('.') + 1)..], out label) ? (field.StartsWith("return_address.", StringComparison.Ordinal) ? $"Sender's {label.ToLowerInvariant()}" : label)
        : Words(field);

    /// <summary>A message with the API's quoted field names ('address_line1') said by their labels.</summary>
    public static string Worded(string message) =>
        QuotedField().Replace(message, m => Labels.ContainsKey(m.Groups[1].Value) || m.Groups[1].Value.Contains('.', StringComparison.Ordinal) ? Label(m.Groups[1].Value) : m.Value);

    [GeneratedRegex(@"'([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)'")]
    private static partial Regex QuotedField();

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
        id.Length == 0 ? id : char.ToUpperInvariant(id[0]) + Phrase(id)[1..];

    /// <summary>
    /// A wire name as words inside a sentence: "in_review" → "in review", "thank_you" → "thank you". The one way a page,
    /// a mail or a message shows a status, an occasion or an event type (a test finds no other).
    /// </summary>
    public static string Phrase(string wireName) => wireName.Replace('_', ' ');

    /// <summary>An enum value as words: <c>OrderStatus.InReview</c> → "in review".</summary>
    public static string Phrase<TEnum>(TEnum value) where TEnum : struct, Enum => Phrase(WireNames.Of(value));

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
