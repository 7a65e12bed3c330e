using System.Reflection;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;
using Letters.Domain;
using Letters.Infrastructure;

namespace Letters.Features.Campaigns;

/// <summary>
/// The campaign file's columns, declared once: each column's name (the first, as the template and the report spell
/// it), the other headers a spreadsheet may give it, and whether a file must have it. The reader, the header check,
/// the report's cell values and the template all take the columns from here.
/// </summary>
public sealed class CampaignRowMap : ClassMap<CampaignRow>
{
    public const string Brief = "brief";

    public CampaignRowMap(CampaignKind kind)
    {
        Map(r => r.Name).Name("name", "full_name", "recipient").TypeConverter<Cell>();
        Map(r => r.FirstName).Name("first_name", "given_name").Optional().TypeConverter<Cell>();
        Map(r => r.AddressLine1).Name("address_line1", "address_line_1", "address", "street").TypeConverter<Cell>();
        Map(r => r.AddressLine2).Name("address_line2", "address_line_2").Optional().TypeConverter<Cell>();
        Map(r => r.City).Name("city", "town").TypeConverter<Cell>();
        Map(r => r.Region).Name("region", "state", "province", "county").Optional().TypeConverter<Cell>();
        Map(r => r.PostalCode).Name("postal_code", "zip", "zip_code", "postcode").TypeConverter<Cell>();
        Map(r => r.Country).Name("country").TypeConverter<CountryCell>();
        Map(r => r.Relationship).Name("relationship").Optional().TypeConverter<Cell>();

        // A personal campaign's rows each carry their brief; a one-letter campaign has the campaign's brief, and a
        // brief column is named in the report as unused rather than read.
        var brief = Map(r => r.Brief).Name(Brief).TypeConverter(new Cell(multiLine: true));
        if (kind == CampaignKind.OneLetter)
        {
            brief.Ignore();
        }
    }

    /// <summary>The columns in the template's order, by the name the report uses.</summary>
    public IEnumerable<string> Columns => MemberMaps.Where(m => !m.Data.Ignore).Select(m => m.Data.Names[0]);

    /// <summary>The column a header stands for (<c>"Zip Code"</c> → <c>postal_code</c>), or null when it is not one of the map's.</summary>
    public string? ColumnOf(string header)
    {
        var normalised = CampaignFile.Normalise(header);
        return MemberMaps.FirstOrDefault(m => m.Data.Names.Contains(normalised))?.Data.Names[0];
    }

    private static readonly CampaignRowMap Any = new(CampaignKind.Personal);

    /// <summary>A row's value for a column of the report, read through the map rather than a second list of columns.</summary>
    public static string? Read(CampaignRow row, string column) =>
        Any.MemberMaps.FirstOrDefault(m => m.Data.Names[0] == column)?.Data.Member is PropertyInfo property
            ? property.GetValue(row) as string
            : null;

    /// <summary>
    /// A cell as it is kept: as written (a postcode's leading zero stays), trimmed, empty as no value, and without
    /// control characters (the row's problem names them; <see cref="TextRule"/> is the one rule).
    /// </summary>
    public class Cell(bool multiLine) : DefaultTypeConverter
    {
        public Cell()
            : this(multiLine: false)
        {
        }

        public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) => Clean(text, multiLine);

        public static string? Clean(string? text, bool multiLine)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (!TextRule.Allows(text, multiLine))
            {
                text = new string(text.Where(c => !char.IsControl(c) || (multiLine && c is '\n' or '\r' or '\t')).ToArray());
            }

            return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        }
    }

    /// <summary>A country code as ISO spells it: <c>gb</c> is <c>GB</c>.</summary>
    public sealed class CountryCell : Cell
    {
        public override object? ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) =>
            Clean(text, multiLine: false)?.ToUpperInvariant();
    }
}
