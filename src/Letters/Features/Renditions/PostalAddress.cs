using System.Globalization;
using Letters.Domain;

namespace Letters.Features.Renditions;

/// <summary>
/// A recipient's address as the destination's post reads it: the line order, where the postcode goes, which lines
/// are written in capitals, and for mail abroad the country last, in capitals (UPU). US addresses follow USPS
/// Publication 28: every line in capitals, "CITY ST ZIP" on the last line, one left edge.
/// </summary>
public static class PostalAddress
{
    /// <summary>Where the letters are posted from: the country line is written only on mail going abroad.</summary>
    public const string PostedFrom = "US";

    /// <param name="writes">Whether the hand can write a text: a line goes into capitals only if it can (a style may
    /// have é and not É), since the order was checked against the address as typed.</param>
    public static IReadOnlyList<string> Lines(Recipient r, string postedFrom = PostedFrom, Func<string, bool>? writes = null)
    {
        var country = r.Country.Trim().ToUpperInvariant();
        writes ??= _ => true;
        string Capitals(string s) => s.ToUpperInvariant() is var upper && writes(upper) ? upper : s;
        string Up(string? s) => Capitals((s ?? "").Trim());
        string T(string? s) => (s ?? "").Trim();
        var street = new[] { T(r.Name), T(r.AddressLine1), T(r.AddressLine2) };
        string[] place = country switch
        {
            // USPS Pub 28: CITY ST ZIP, all in capitals (the whole address is, below).
            "US" => [Join(" ", Up(r.City), Up(r.Region), Up(r.PostalCode))],
            // Canada Post: CITY PROVINCE, two spaces, the postal code.
            "CA" => [Join("  ", Join(" ", Up(r.City), Up(r.Region)), Up(r.PostalCode))],
            // Royal Mail: the post town in capitals, the postcode on a line of its own.
            "GB" => [Up(r.City), Up(r.PostalCode)],
            // An Post: town, county, then the Eircode on its own line.
            "IE" => [T(r.City), T(r.Region), Up(r.PostalCode)],
            // La Poste: postcode then the town in capitals.
            "FR" => [Join(" ", T(r.PostalCode), Up(r.City))],
            // Poste Italiane: CAP, TOWN, province code.
            "IT" => [Join(" ", T(r.PostalCode), Up(r.City), Up(r.Region))],
            // Correos: postcode and town, the province below.
            "ES" => [Join(" ", T(r.PostalCode), T(r.City)), T(r.Region)],
            // PostNL: "1012 AB  AMSTERDAM", two spaces before the town in capitals.
            "NL" => [Join("  ", Up(r.PostalCode), Up(r.City))],
            // Deutsche Post, Swiss Post, Austrian Post: postcode then town.
            "DE" or "CH" or "AT" => [Join(" ", T(r.PostalCode), T(r.City))],
            // Australia Post: LOCALITY STATE POSTCODE in capitals.
            "AU" => [Join(" ", Up(r.City), Up(r.Region), T(r.PostalCode))],
            // India Post: the town then the six-digit PIN ("New Delhi 110024"), the state below.
            "IN" => [Join(" ", T(r.City), T(r.PostalCode)), T(r.Region)],
            // NZ Post: the town or city and the postcode on one line.
            "NZ" => [Join(" ", T(r.City), T(r.PostalCode))],
            // SingPost: "SINGAPORE 238823".
            "SG" => [Join(" ", Up(r.City), T(r.PostalCode))],
            // South African Post Office: the town, then the postal code on a line of its own.
            "ZA" => [T(r.City), T(r.PostalCode)],
            // Correios: "City - ST", the CEP on the line below.
            "BR" => [Join(" - ", T(r.City), Up(r.Region)), T(r.PostalCode)],
            // Korea Post and China Post, written in Latin letters: city and province, then the postcode.
            "KR" or "CN" => [Join(", ", T(r.City), T(r.Region)), T(r.PostalCode)],
            // Japan Post, written in Latin letters: city, prefecture and postcode.
            "JP" => [Join(" ", Join(", ", T(r.City), T(r.Region)), T(r.PostalCode))],
            _ => [Join(" ", T(r.PostalCode), T(r.City)), T(r.Region)],
        };

        var lines = street.Concat(place).Where(l => l.Length > 0).ToList();
        if (country == "US")
        {
            lines = [.. lines.Select(Capitals)];
        }

        if (!string.Equals(country, postedFrom, StringComparison.OrdinalIgnoreCase))
        {
            lines.Add(CountryName(country).ToUpperInvariant());
        }

        return lines;
    }

    private static string Join(string separator, params string[] parts) => string.Join(separator, parts.Where(p => p.Length > 0));

    /// <summary>The country's English name ("France" for FR); the code itself when it names none.</summary>
    public static string CountryName(string code)
    {
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }
}
