using System.Text.RegularExpressions;
using Letters.Domain;

namespace Letters.Features.Campaigns;

/// <summary>
/// The campaign letter's merge fields: written once as <c>{{first_name}}</c> or <c>{{custom.gift}}</c>, drawn for
/// each recipient with their own row's values. The fields every row has are the recipient's name and place; a
/// <c>custom.*</c> column of the file adds one.
/// </summary>
public static partial class MergeFields
{
    public static readonly IReadOnlyList<string> Standard = ["name", "first_name", "last_name", "city", "region", "country"];

    /// <summary>One row's values, as its order keeps them.</summary>
    public static Dictionary<string, string> Of(CampaignRow row)
    {
        var name = row.Name?.Trim() ?? "";
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = name,
            ["first_name"] = string.IsNullOrWhiteSpace(row.FirstName) ? parts.FirstOrDefault() ?? "" : row.FirstName.Trim(),
            ["last_name"] = parts.Length > 1 ? parts[^1] : "",
            ["city"] = row.City?.Trim() ?? "",
            ["region"] = row.Region?.Trim() ?? "",
            ["country"] = row.Country?.Trim() ?? "",
        };
        foreach (var (key, value) in row.Custom)
        {
            fields[$"custom.{key}"] = value;
        }

        return fields;
    }

    /// <summary>The text with every field replaced by this recipient's value.</summary>
    public static string Apply(string text, IReadOnlyDictionary<string, string> fields) =>
        Field().Replace(text, m => fields.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    /// <summary>The fields the text names that the campaign's rows do not have, so none is drawn as braces.</summary>
    public static IReadOnlyList<string> Unknown(string text, IEnumerable<string> known)
    {
        var names = known.ToHashSet(StringComparer.Ordinal);
        return Field().Matches(text).Select(m => m.Groups[1].Value).Where(n => !names.Contains(n)).Distinct().ToList();
    }

    public static bool HasFields(string text) => Field().IsMatch(text);

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Field();
}
