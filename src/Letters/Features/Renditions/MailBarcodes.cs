using Letters.Data;
using Letters.Domain;
using Letters.Handwriting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Renditions;

/// <summary>
/// <c>Letters:Postage:Imb</c>: the company's Intelligent Mail identity from its USPS mailing agreement. With a mailer ID
/// set, every final letter to a US address carries the barcode on its envelope.
/// </summary>
public sealed class ImbOptions
{
    /// <summary>Two digits, the second 0–4 (00 when no optional endorsement line is printed).</summary>
    public string BarcodeId { get; set; } = "00";

    /// <summary>The service type ID (three digits) for the class and services the letters go by.</summary>
    public string? ServiceType { get; set; }

    /// <summary>The mailer ID: 6 digits (then the serial has 9) or 9 (then 6).</summary>
    public string? MailerId { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(MailerId);

    public sealed class Validation : IValidateOptions<ImbOptions>
    {
        public ValidateOptionsResult Validate(string? name, ImbOptions options)
        {
            if (!options.Enabled)
            {
                return ValidateOptionsResult.Success;
            }

            var problems = new List<string>();
            if (options.MailerId!.Length is not (6 or 9) || !options.MailerId.All(char.IsAsciiDigit))
            {
                problems.Add($"Letters:Postage:Imb:MailerId is 6 or 9 digits, not '{options.MailerId}'.");
            }

            if (options.ServiceType is not { Length: 3 } stid || !stid.All(char.IsAsciiDigit))
            {
                problems.Add("Letters:Postage:Imb:ServiceType is the 3-digit service type ID of your mailing (required with a mailer ID).");
            }

            if (options.BarcodeId is not { Length: 2 } id || !char.IsAsciiDigit(id[0]) || id[1] is < '0' or > '4')
            {
                problems.Add($"Letters:Postage:Imb:BarcodeId is two digits, the second 0 to 4, not '{options.BarcodeId}'.");
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

/// <summary>
/// The one door to a letter's Intelligent Mail barcode: for a final to a US address, when the company has a mailer
/// ID, a serial from the <c>mail_serials</c> sequence (unique for far longer than the 45 days USPS asks) and the
/// barcode of the tracking code and the recipient's ZIP (ZIP+4 when given).
/// </summary>
public sealed class MailBarcodes(IServiceScopeFactory scopes, IOptions<ImbOptions> options)
{
    public sealed record Barcode(long Serial, string Tracking, string Routing, string Bars);

    public async Task<Barcode?> ForAsync(Recipient recipient, RenditionKind kind, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.Enabled || kind != RenditionKind.Final || recipient.Country != "US" || Routing(recipient.PostalCode) is not { } routing)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var next = await db.Database.SqlQueryRaw<long>("SELECT nextval('mail_serials') AS \"Value\"").SingleAsync(ct);
        var digits = 15 - settings.MailerId!.Length;
        var serial = next % (long)Math.Pow(10, digits);
        var tracking = $"{settings.BarcodeId}{settings.ServiceType}{settings.MailerId}{serial.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0')}";
        return new Barcode(serial, tracking, routing, IntelligentMailBarcode.Letters(tracking, routing));
    }

    /// <summary>The routing code of a US postal code: its 5 or 9 digits, or null for one that is neither.</summary>
    public static string? Routing(string? postalCode)
    {
        var digits = new string((postalCode ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length is 5 or 9 && (postalCode ?? "").Trim().All(c => char.IsAsciiDigit(c) || c == '-') ? digits : null;
    }
}
