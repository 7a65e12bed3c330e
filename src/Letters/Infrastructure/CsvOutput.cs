using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Letters.Infrastructure;

/// <summary>
/// Every CSV the service writes (statements, campaign reports and manifests) goes through here: a cell that starts
/// like a formula (=, +, -, @, a tab or a carriage return) is escaped (CsvHelper's InjectionOptions.Escape), so a name
/// such as "=HYPERLINK(…)" stays a name when the file is opened in a spreadsheet.
/// </summary>
public static class CsvOutput
{
    public static CsvConfiguration Configuration { get; } = new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    public static CsvWriter Writer(TextWriter writer) => new(writer, Configuration);
}
