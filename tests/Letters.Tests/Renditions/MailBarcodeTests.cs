using System.Net;
using Letters.Domain;
using Letters.Handwriting;
using Letters.Tests.Infrastructure;
using Letters.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Letters.Tests.Renditions;

/// <summary>
/// With the company's mailer ID set, a final letter to a US address carries its Intelligent Mail barcode on the
/// envelope: a serial of its own, the recipient's ZIP, 65 bars in the clear zone exactly as the encoder says.
/// </summary>
public sealed class MailBarcodeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_US_letters_envelope_carries_its_Intelligent_Mail_barcode_and_a_French_one_none()
    {
        await using var app = new LettersApp(TestDatabases.ConnectionStringFor(await TestDatabases.CreateAsync()), new TestClock(), settings: new Dictionary<string, string>
        {
            ["Letters:Postage:Imb:BarcodeId"] = "00", ["Letters:Postage:Imb:ServiceType"] = "300", ["Letters:Postage:Imb:MailerId"] = "567094",
        });
        var client = await ApiClients.CreateAsync(app);
        var us = await OrderAsync(client, app, new() { ["name"] = "Ada Ruiz", ["address_line1"] = "1600 Pennsylvania Ave NW", ["city"] = "Washington", ["region"] = "DC", ["postal_code"] = "20500-0003", ["country"] = "US" });
        var other = await OrderAsync(client, app, new() { ["name"] = "Claire Martin", ["address_line1"] = "12 Rue Cler", ["city"] = "Paris", ["postal_code"] = "75007", ["country"] = "FR" });
        await app.RunAutopilotAsync();

        await using var db = app.NewDbContext();
        var finals = await db.Renditions.AsNoTracking().Where(r => r.Kind == RenditionKind.Final).ToDictionaryAsync(r => r.OrderId, Ct);
        var proofs = await db.Renditions.AsNoTracking().Where(r => r.Kind == RenditionKind.Proof).ToListAsync(Ct);
        var serial = Assert.IsType<long>(finals[us].MailSerial);
        Assert.Null(finals[other].MailSerial);
        Assert.All(proofs, p => Assert.Null(p.MailSerial));

        var expected = IntelligentMailBarcode.Letters($"00300567094{serial:D9}", "205000003");
        Assert.Equal(expected, Bars(await app.DocumentAsync(finals[us].Sha256)));
        Assert.Empty(Bars(await app.DocumentAsync(finals[other].Sha256)));
        app.ClearPools();
    }

    [Fact]
    public async Task A_mailer_ID_of_the_wrong_length_stops_the_app_at_start_saying_which()
    {
        await using var app = new LettersApp(TestDatabases.ConnectionStringFor(await TestDatabases.CreateAsync()), new TestClock(), settings: new Dictionary<string, string>
        {
            ["Letters:Postage:Imb:ServiceType"] = "300", ["Letters:Postage:Imb:MailerId"] = "12345",
        });

        var failed = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => app.CreateClient());
        Assert.Contains("MailerId is 6 or 9 digits", failed.Message, StringComparison.Ordinal);
    }

    private static async Task<Guid> OrderAsync(ApiClient client, LettersApp app, Dictionary<string, object?> recipient)
    {
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(app.Clock, b => { b["recipient"] = recipient; b["auto_draft"] = true; b["style"] = "caveat"; }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>The bars printed on the envelope (the last page), read back from the PDF's filled rectangles by height and place.</summary>
    private static string Bars(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var envelope = document.GetPage(document.NumberOfPages);
        var rectangles = envelope.Paths
            .Where(p => p.IsFilled)
            .Select(p => p.GetBoundingRectangle())
            .OfType<UglyToad.PdfPig.Core.PdfRectangle>()
            .Where(r => Math.Abs(r.Width - 1.44) < 0.05 && r.Bottom < 0.7 * 72)
            .OrderBy(r => r.Left)
            .ToList();
        if (rectangles.Count == 0)
        {
            return "";
        }

        var top = rectangles.Max(r => r.Top);
        var bottom = rectangles.Min(r => r.Bottom);
        return string.Concat(rectangles.Select(r => (Math.Abs(r.Top - top) < 0.5, Math.Abs(r.Bottom - bottom) < 0.5) switch
        {
            (true, true) => 'F',
            (true, false) => 'A',
            (false, true) => 'D',
            _ => 'T',
        }));
    }
}
