using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using FluentValidation;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Features.Recipients;
using Letters.Handwriting;
using Letters.Infrastructure;

namespace Letters.Features.Campaigns;

/// <summary>
/// Reads a campaign's CSV (UTF-8 with or without BOM, comma or semicolon, quoted fields, columns by header name)
/// and checks every row as the order it would become, through the same validator as <c>POST /v1/orders</c>, so a
/// row that passes here is an order that would pass there. Every problem names its row and column; one bad row
/// never sinks the file.
/// </summary>
public static partial class CampaignFile
{
    public const int MaxRows = 50_000;
    public const int MaxBytes = 20 * 1024 * 1024;

    public const string CustomPrefix = "custom.";

    /// <summary>The documented template: the header, and two rows showing a quoted field and a leading-zero ZIP.</summary>
    public static string Template(CampaignKind kind) => string.Join(",", new CampaignRowMap(kind).Columns.Append(CustomPrefix + "gift")) + "\n" + (kind == CampaignKind.Personal
        ? "Ada Lovelace,Ada,12 St James's Square,,London,,SW1Y 4JH,GB,donor,\"Thank her for the gift to the library fund; she asked about the reading room.\",the reading room\n"
          + "Grace Hopper,Grace,1 Main Street,Apt 2,Boston,MA,02134,US,donor,\"Thank her for ten years of support, and mention the new science wing.\",the science wing\n"
        : "Ada Lovelace,Ada,12 St James's Square,,London,,SW1Y 4JH,GB,donor,the reading room\n"
          + "Grace Hopper,Grace,1 Main Street,Apt 2,Boston,MA,02134,US,donor,the science wing\n");

    public sealed record Result(List<CampaignRow> Rows, List<CampaignProblem> FileProblems, string? Fatal);

    /// <summary>Everything about the campaign a row's order takes from it; <see cref="ForRow"/> adds the row.</summary>
    public sealed record Settings(CampaignKind Kind, CreateOrder.Request Shared);

    public static Settings SettingsOf(Campaign c) => new(c.Kind, new CreateOrder.Request(
        Recipient: null, RecipientId: null, Occasion: c.Occasion, Relationship: null, Brief: c.Brief, Tone: null, Length: null,
        Language: null, Style: null, Ink: null, Paper: null, PageSize: null, Signature: null, DeliverBy: c.DeliverBy,
        Priority: null, Metadata: null, AutoDraft: null,
        ReturnAddress: c.ReturnAddress is { } r ? new RecipientInput(r.Name, null, r.AddressLine1, r.AddressLine2, r.City, r.Region, r.PostalCode, r.Country) : null)
        .WithSettings(c.Letter));

    /// <summary>The order request a row stands for: the campaign's settings, the row's recipient and (personal) brief.</summary>
    public static CreateOrder.Request ForRow(Settings settings, CampaignRow row) => settings.Shared with
    {
        Recipient = new RecipientInput(row.Name, row.Relationship, row.AddressLine1, row.AddressLine2, row.City, row.Region, row.PostalCode, row.Country),
        Relationship = string.IsNullOrWhiteSpace(row.Relationship) ? settings.Shared.Relationship : row.Relationship,
        Brief = settings.Kind == CampaignKind.Personal ? row.Brief : settings.Shared.Brief,
    };

    public static Result Read(byte[] content, Settings settings, IValidator<CreateOrder.Request> validator)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Fatal("The file is not UTF-8. In a spreadsheet, save it as \"CSV UTF-8\".");
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Fatal("The file is empty: it needs a header row and a row per recipient.");
        }

        // Set while a row is read (CsvHelper reports bad data as it parses the row's fields), checked after it.
        string? badData = null;
        InvalidHeader[] missingColumns = [];
        var record = 0;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";"],
            TrimOptions = TrimOptions.None,
            BadDataFound = _ => badData = "A quote in this row is not closed, or has text after it: a quote inside a quoted field is doubled (\"\").",
            MissingFieldFound = null,
            PrepareHeaderForMatch = args => Normalise(args.Header),
            HeaderValidated = args => missingColumns = args.InvalidHeaders,
        };
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            return Fatal("The file has no header row.");
        }

        var fileProblems = new List<CampaignProblem>();
        if (header.Any(h => !TextRule.Allows(h, multiLine: false)))
        {
            return Fatal("The header row holds control characters (a NUL or similar): the file is not a CSV as a spreadsheet saves it.");
        }

        var map = new CampaignRowMap(settings.Kind);
        csv.Context.RegisterClassMap(map);
        var columns = header.Select(h => map.ColumnOf(h) ?? Normalise(h)).ToArray();
        foreach (var duplicate in columns.GroupBy(c => c).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            fileProblems.Add(new CampaignProblem(1, duplicate.Key, null, $"The column '{duplicate.Key}' appears {duplicate.Count()} times: which one is meant?"));
        }

        // CsvHelper checks the header against the map: a required column none of whose names is there.
        csv.ValidateHeader<CampaignRow>();
        foreach (var missing in missingColumns)
        {
            fileProblems.Add(new CampaignProblem(1, missing.Names[0], null, $"The column '{missing.Names[0]}' is missing. The template's header is: {Template(settings.Kind).Split('\n')[0]}"));
        }

        if (fileProblems.Count > 0)
        {
            return new Result([], fileProblems, "The header is not right: " + string.Join(" ", fileProblems.Select(p => p.Message)));
        }

        for (var i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            if (column == CampaignRowMap.Brief && settings.Kind == CampaignKind.OneLetter)
            {
                fileProblems.Add(new CampaignProblem(1, column, null, "A one-letter campaign has one brief, the campaign's: this column is not used.", Warning: true));
            }
            else if (map.ColumnOf(header[i]) is null && !IsCustom(column))
            {
                fileProblems.Add(new CampaignProblem(1, header[i], null, $"This column is not used. Name it '{CustomPrefix}{Slug(header[i])}' to use it in the letter as {{{{{CustomPrefix}{Slug(header[i])}}}}}.", Warning: true));
            }
        }

        // Read first, checked after: a file over the limit is refused before any row is checked.
        var rows = new List<CampaignRow>();
        while (Next(csv, ref badData))
        {
            record++;
            var number = record + 1;
            if (rows.Count == MaxRows)
            {
                return new Result([], fileProblems, $"The file has more than {MaxRows:N0} rows. Split it into several campaigns.");
            }

            var row = csv.GetRecord<CampaignRow>();
            row.RowNumber = number;
            var fields = csv.Parser.Record ?? [];
            for (var i = 0; i < columns.Length && i < fields.Length; i++)
            {
                // The one rule for text: a control character (a NUL from some program's export) is the row's problem,
                // named; the map's cells keep it out of what is stored.
                var multiLine = columns[i] == CampaignRowMap.Brief;
                if (!TextRule.Allows(fields[i], multiLine))
                {
                    row.Problems.Add(new CampaignProblem(number, columns[i], CampaignRowMap.Cell.Clean(fields[i], multiLine), $"{TextRule.Message(columns[i], multiLine)} (A program's export can leave a NUL or similar in a cell.)"));
                }

                if (IsCustom(columns[i]) && CampaignRowMap.Cell.Clean(fields[i], multiLine: false) is { } custom)
                {
                    row.Custom[columns[i][CustomPrefix.Length..]] = custom;
                }
            }

            if (fields.Length > columns.Length && fields.Skip(columns.Length).Any(f => !string.IsNullOrWhiteSpace(f)))
            {
                row.Problems.Add(new CampaignProblem(number, "", null, $"This row has {fields.Length} fields; the header has {columns.Length}. A comma inside a value needs the value in quotes."));
            }

            if (badData is { } bad)
            {
                row.Problems.Add(new CampaignProblem(number, "", null, bad));
            }

            rows.Add(row);
        }

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            Check(row, settings, validator);
            if (row.Problems.All(p => p.Warning) && row.Name is not null)
            {
                var key = $"{row.Name.Trim()}|{row.AddressLine1?.Trim()}|{row.PostalCode?.Trim()}|{row.Country?.Trim()}";
                if (seen.TryGetValue(key, out var first))
                {
                    row.Problems.Add(new CampaignProblem(row.RowNumber, "name", row.Name, $"The same recipient as row {first}: they would get two letters.", Warning: true));
                }
                else
                {
                    seen[key] = row.RowNumber;
                }
            }

            row.Valid = row.Problems.All(p => p.Warning);
            row.HasProblems = row.Problems.Count > 0;
        }

        return rows.Count == 0
            ? new Result([], fileProblems, "The file has a header but no rows.")
            : new Result(rows, fileProblems, null);
    }

    private static bool Next(CsvReader csv, ref string? badData)
    {
        badData = null;
        return csv.Read();
    }

    private static Result Fatal(string message) => new([], [new CampaignProblem(1, "", null, message)], message);

    private static void Check(CampaignRow row, Settings settings, IValidator<CreateOrder.Request> validator)
    {
        var request = ForRow(settings, row);
        foreach (var failure in validator.Validate(request).Errors)
        {
            var column = ColumnOf(failure.PropertyName);
            row.Problems.Add(new CampaignProblem(row.RowNumber, column, Value(row, column), failure.ErrorMessage));
        }

        foreach (var (key, value) in row.Custom)
        {
            if (Catalogue.UnsupportedCharacters(request.Style ?? CreateOrder.Defaults.StyleFor([value]), value) is { Count: > 0 } missing)
            {
                row.Problems.Add(new CampaignProblem(row.RowNumber, CustomPrefix + key, value, $"The handwriting '{request.Style}' cannot write: {string.Join(" ", missing)}."));
            }
            else if (value.Length > 500)
            {
                row.Problems.Add(new CampaignProblem(row.RowNumber, CustomPrefix + key, value[..40] + "…", "A merge field's value may have at most 500 characters."));
            }
        }

        if (row.Country?.Trim() == "US" && row.PostalCode?.Trim() is { } zip)
        {
            if (FourDigits().IsMatch(zip))
            {
                row.Problems.Add(new CampaignProblem(row.RowNumber, "postal_code", zip,
                    $"A US ZIP code has 5 digits: '{zip}' looks like '0{zip}' with its leading zero dropped by a spreadsheet. Format the column as text.", Warning: true));
            }
            else if (!UsZip().IsMatch(zip))
            {
                row.Problems.Add(new CampaignProblem(row.RowNumber, "postal_code", zip, "A US ZIP code is 5 digits, or 5 and 4 as 12345-6789."));
            }
        }
    }

    /// <summary>The order validator's field, as the column of the file it came from.</summary>
    private static string ColumnOf(string property) => property.StartsWith("recipient.", StringComparison.Ordinal) ? property["recipient.".Length..] : property;

    private static string? Value(CampaignRow row, string column) =>
        CampaignRowMap.Read(row, column) is { Length: > 60 } text ? text[..60] + "…" : CampaignRowMap.Read(row, column);

    private static bool IsCustom(string column) => column.StartsWith(CustomPrefix, StringComparison.Ordinal) && column.Length > CustomPrefix.Length;

    /// <summary>"Address Line 1", "address-line-1" and "address_line_1" are matched as one header.</summary>
    internal static string Normalise(string header) => header.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    private static string Slug(string header) => NotSlug().Replace(header.Trim().ToLowerInvariant(), "_").Trim('_');

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex FourDigits();

    [GeneratedRegex(@"^\d{5}(-\d{4})?$")]
    private static partial Regex UsZip();

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NotSlug();
}
