using System.Net;
using System.Net.Http.Json;
using System.Text;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Campaigns;

public sealed class CampaignImportTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every kind of broken row a spreadsheet produces, and the column the report must name for it.</summary>
    private static readonly (string Column, Func<int, string> Line)[] Broken =
    [
        ("name", i => Line(CampaignSteps.Row(i), r => r[0] = "")),
        ("address_line1", i => Line(CampaignSteps.Row(i), r => r[2] = "")),
        ("city", i => Line(CampaignSteps.Row(i), r => r[4] = "")),
        ("postal_code", i => Line(CampaignSteps.Row(i), r => r[6] = "")),
        ("country", i => Line(CampaignSteps.Row(i), r => r[7] = "France")),
        ("brief", i => Line(CampaignSteps.Row(i), r => r[9] = "Thanks!")),
        ("brief", i => Line(CampaignSteps.Row(i), r => r[9] = "")),
        ("name", i => Line(CampaignSteps.Row(i), r => r[0] = new string('x', 201))),
        ("postal_code", i => Line(CampaignSteps.Row(i), r => r[6] = "0213A")),
        ("name", i => Line(CampaignSteps.Row(i), r => r[0] = "张伟 Zhang")),
        ("", i => Line(CampaignSteps.Row(i)) + ",one more,and another"),
        ("", i => Line(CampaignSteps.Row(i)).Replace(",Boston,", ",\"Boston\" MA,", StringComparison.Ordinal)),
        ("name", i => Line(CampaignSteps.Row(i), r => r[0] = "Ada\u0007 Bell")),
        ("custom.gift", i => Line(CampaignSteps.Row(i), r => r[10] = new string('g', 501))),
        ("relationship", i => Line(CampaignSteps.Row(i), r => r[8] = new string('r', 201))),
    ];

    [Fact]
    public async Task A_file_with_37_broken_rows_reports_each_by_row_and_column_and_skipping_them_creates_1963_orders_once()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var (csv, expected) = DonorFile(2000, 37);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "personal");
        using var upload = await client.UploadAsync(campaign, csv);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        Assert.Equal("validating", (await upload.JsonAsync()).GetProperty("state").GetString());
        await fixture.App.WorkAsync();

        var ready = await client.CampaignAsync(campaign);
        Assert.Equal("ready", ready.GetProperty("state").GetString());
        Assert.Equal((2000, 1963, 37), (ready.GetProperty("counts").GetProperty("rows_total").GetInt32(), ready.GetProperty("counts").GetProperty("rows_valid").GetInt32(), ready.GetProperty("counts").GetProperty("rows_invalid").GetInt32()));

        // The report names each broken row and the column at fault, and nothing else is an error.
        using var report = await client.Http.GetAsync(new Uri($"/v1/campaigns/{campaign}/report", UriKind.Relative), Ct);
        var errorLines = (await report.JsonAsync()).GetProperty("problems").EnumerateArray()
            .Where(p => p.GetProperty("severity").GetString() == "error")
            .Select(p => (p.GetProperty("row").GetInt32(), p.GetProperty("column").GetString()!)).ToList();
        var errors = errorLines.ToHashSet();
        Assert.All(expected, e => Assert.Contains(e, errors));
        Assert.Equal(expected.Select(e => e.Row).ToHashSet(), errors.Select(e => e.Item1).ToHashSet());

        // The same report as CSV, to open beside the file.
        using var reportCsv = await client.Http.GetAsync(new Uri($"/v1/campaigns/{campaign}/report.csv", UriKind.Relative), Ct);
        var lines = (await reportCsv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,column,value,severity,message", lines[0]);
        Assert.Equal(errorLines.Count, lines.Count(l => l.Contains(",error,", StringComparison.Ordinal)));

        // Reject-all creates nothing while a row is broken.
        using var rejected = await client.StartAsync(campaign, "reject_all");
        Assert.Equal(HttpStatusCode.Conflict, rejected.StatusCode);
        Assert.Equal(0, await OrdersAsync(campaign));

        using var started = await client.StartAsync(campaign, "skip_invalid");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await fixture.App.WorkAsync();
        Assert.Equal(1963, await OrdersAsync(campaign));
        var writing = await client.CampaignAsync(campaign);
        Assert.Equal(("writing", 1963), (writing.GetProperty("state").GetString(), writing.GetProperty("counts").GetProperty("orders_created").GetInt32()));

        // The same file again is the first upload: nothing new.
        using var again = await client.UploadAsync(campaign, csv);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        await fixture.App.WorkAsync();
        Assert.Equal(1963, await OrdersAsync(campaign));

        // Every valid row became exactly one order, queued for a writer with its own brief.
        await using var db = fixture.App.NewDbContext();
        var rows = await db.Orders.Where(o => o.CampaignId == campaign).Select(o => new { o.CampaignRow, o.Status, o.Brief }).ToListAsync(Ct);
        Assert.Equal(rows.Count, rows.Select(r => r.CampaignRow).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(OrderStatus.Queued, r.Status));
        Assert.Contains(rows, r => r.Brief.StartsWith("Thank donor 5 ", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => expected.Any(e => e.Row == r.CampaignRow));
    }

    [Fact]
    public async Task A_semicolon_file_with_a_bom_and_quoted_fields_keeps_leading_zeros_and_warns_of_a_four_digit_zip()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "personal");
        var csv = CampaignSteps.Csv(
        [
            CampaignSteps.Row(1, name: "Grace Hopper", postalCode: "02134", brief: "Thank her; the science wing, \"at last\", is open."),
            CampaignSteps.Row(2, name: "Ada Byron", postalCode: "2134"),
            CampaignSteps.Row(3, name: "Mary Somerville", city: "Saint-Denis; Réunion", country: "FR", postalCode: "97400"),
        ], separator: ";");
        using var upload = await client.UploadAsync(campaign, csv, prefix: [0xEF, 0xBB, 0xBF]);
        await fixture.App.WorkAsync();

        var ready = await client.CampaignAsync(campaign);
        Assert.Equal(("ready", 3, 0), (ready.GetProperty("state").GetString(), ready.GetProperty("counts").GetProperty("rows_valid").GetInt32(), ready.GetProperty("counts").GetProperty("rows_invalid").GetInt32()));
        using var report = await client.Http.GetAsync(new Uri($"/v1/campaigns/{campaign}/report", UriKind.Relative), Ct);
        var warning = Assert.Single((await report.JsonAsync()).GetProperty("problems").EnumerateArray());
        Assert.Equal((3, "postal_code", "2134", "warning"), (warning.GetProperty("row").GetInt32(), warning.GetProperty("column").GetString(), warning.GetProperty("value").GetString(), warning.GetProperty("severity").GetString()));
        Assert.Contains("02134", warning.GetProperty("message").GetString(), StringComparison.Ordinal);

        await client.StartAsync(campaign);
        await fixture.App.WorkAsync();
        await using var db = fixture.App.NewDbContext();
        var orders = await db.Orders.Include(o => o.Recipient).Where(o => o.CampaignId == campaign).OrderBy(o => o.CampaignRow).ToListAsync(Ct);
        Assert.Equal(["02134", "2134", "97400"], orders.Select(o => o.Recipient!.PostalCode));
        Assert.Equal("Thank her; the science wing, \"at last\", is open.", orders[0].Brief);
        Assert.Equal("Saint-Denis; Réunion", orders[2].Recipient!.City);
    }

    [Fact]
    public async Task A_spreadsheets_own_headers_are_read_as_the_columns_they_mean_and_two_names_for_one_column_are_refused()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "personal");
        using var upload = await client.UploadAsync(campaign,
            "Full Name,Address Line 1,Town,State,Zip Code,country,Brief,Gift\n"
            + "Grace Hopper,1 Main Street,Boston,ma,02134,us,Thank her for ten years of support and the science wing.,a book\n");
        await fixture.App.WorkAsync();

        var ready = await client.CampaignAsync(campaign);
        Assert.Equal(("ready", 1), (ready.GetProperty("state").GetString(), ready.GetProperty("counts").GetProperty("rows_valid").GetInt32()));
        using var report = await client.Http.GetAsync(new Uri($"/v1/campaigns/{campaign}/report", UriKind.Relative), Ct);
        var unused = Assert.Single((await report.JsonAsync()).GetProperty("problems").EnumerateArray());
        Assert.Equal(("Gift", "warning"), (unused.GetProperty("column").GetString(), unused.GetProperty("severity").GetString()));
        Assert.Contains("custom.gift", unused.GetProperty("message").GetString(), StringComparison.Ordinal);

        await client.StartAsync(campaign);
        await fixture.App.WorkAsync();
        await using (var db = fixture.App.NewDbContext())
        {
            var recipient = (await db.Orders.Include(o => o.Recipient).SingleAsync(o => o.CampaignId == campaign, Ct)).Recipient!;
            Assert.Equal(("Grace Hopper", "1 Main Street", "Boston", "ma", "02134", "US"),
                (recipient.Name, recipient.AddressLine1, recipient.City, recipient.Region, recipient.PostalCode, recipient.Country));
        }

        var second = await client.CreateCampaignAsync(fixture.Clock, "personal");
        using var twice = await client.UploadAsync(second,
            "name,address_line1,city,zip,postal_code,country,brief\nJo,1 Main Street,Boston,02134,02134,US,Thank him for the gift to the library.\n");
        await fixture.App.WorkAsync();
        Assert.Equal("failed", (await client.CampaignAsync(second)).GetProperty("state").GetString());
        using var twiceReport = await client.Http.GetAsync(new Uri($"/v1/campaigns/{second}/report", UriKind.Relative), Ct);
        var duplicate = Assert.Single((await twiceReport.JsonAsync()).GetProperty("problems").EnumerateArray());
        Assert.Equal((1, "postal_code"), (duplicate.GetProperty("row").GetInt32(), duplicate.GetProperty("column").GetString()));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_fails_with_the_reason_and_a_corrected_file_can_follow()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "personal");
        using var latin1 = await client.UploadAsync(campaign, "");
        Assert.Equal(HttpStatusCode.BadRequest, latin1.StatusCode);

        var content = new ByteArrayContent(Encoding.Latin1.GetBytes("name,address_line1,city,postal_code,country,brief\nJosé Müller,1 Straße,Köln,50667,DE,Thank him for the gift to the library.\n"));
        content.Headers.ContentType = new("text/csv");
        using var notUtf8 = await client.Http.PutAsync(new Uri($"/v1/campaigns/{campaign}/file", UriKind.Relative), content, Ct);
        await fixture.App.WorkAsync();
        var failed = await client.CampaignAsync(campaign);
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Contains("UTF-8", failed.GetProperty("failure_reason").GetString(), StringComparison.Ordinal);

        using var noCity = await client.UploadAsync(campaign, "name,address_line1,postal_code,country,brief\nJo,1 Main Street,02134,US,Thank him for the gift to the library.\n");
        await fixture.App.WorkAsync();
        Assert.Equal("failed", (await client.CampaignAsync(campaign)).GetProperty("state").GetString());
        using var report = await client.Http.GetAsync(new Uri($"/v1/campaigns/{campaign}/report", UriKind.Relative), Ct);
        var problem = Assert.Single((await report.JsonAsync()).GetProperty("problems").EnumerateArray());
        Assert.Equal((1, "city"), (problem.GetProperty("row").GetInt32(), problem.GetProperty("column").GetString()));

        using var fixedFile = await client.UploadAsync(campaign, CampaignSteps.Csv([CampaignSteps.Row(1)]));
        await fixture.App.WorkAsync();
        Assert.Equal("ready", (await client.CampaignAsync(campaign)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Bad_settings_are_a_400_by_field_and_another_clients_campaign_is_a_404()
    {
        var alice = await ApiClients.CreateAsync(fixture.App);
        var bob = await ApiClients.CreateAsync(fixture.App);
        using var bad = await alice.Http.PostAsJsonAsync("/v1/campaigns", CampaignSteps.Body(fixture.Clock, "one_letter", b => { b["tone"] = "sarcastic"; b["brief"] = null; b["style"] = "comic_sans"; }), ApiClients.Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("tone", out _) && errors.TryGetProperty("brief", out _) && errors.TryGetProperty("style", out _), errors.ToString());

        var campaign = await alice.CreateCampaignAsync(fixture.Clock, "personal");
        using var look = await bob.Http.GetAsync(new Uri($"/v1/campaigns/{campaign}", UriKind.Relative), Ct);
        using var upload = await bob.UploadAsync(campaign, CampaignSteps.Csv([CampaignSteps.Row(1)]));
        using var report = await bob.Http.GetAsync(new Uri($"/v1/campaigns/{campaign}/report", UriKind.Relative), Ct);
        using var cancel = await bob.Http.PostAsync(new Uri($"/v1/campaigns/{campaign}/cancel", UriKind.Relative), null, Ct);
        Assert.All([look, upload, report, cancel], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        using var badStart = await alice.StartAsync(campaign, "maybe");
        Assert.Equal(HttpStatusCode.BadRequest, badStart.StatusCode);
    }

    [Fact]
    public async Task A_file_over_20_MB_is_a_413_and_over_50000_rows_fails_with_the_reason()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "one_letter");
        using var tooLarge = await client.UploadAsync(campaign, CampaignSteps.Header + "\n" + new string('x', 21 * 1024 * 1024));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("awaiting_file", (await client.CampaignAsync(campaign)).GetProperty("state").GetString());

        using var tooLong = await client.UploadAsync(campaign, CampaignSteps.Csv(Enumerable.Range(1, 50_001).Select(i => CampaignSteps.Row(i))));
        await fixture.App.WorkAsync();
        var failed = await client.CampaignAsync(campaign);
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Contains("50,000 rows", failed.GetProperty("failure_reason").GetString(), StringComparison.Ordinal);
    }

    private async Task<int> OrdersAsync(Guid campaign)
    {
        await using var db = fixture.App.NewDbContext();
        return await db.Orders.CountAsync(o => o.CampaignId == campaign, Ct);
    }

    /// <summary>
    /// A donor file of <paramref name="rows"/> rows with <paramref name="broken"/> broken ones spread through it,
    /// every kind at least twice, and the (row, column) the report must name for each.
    /// </summary>
    internal static (string Csv, HashSet<(int Row, string Column)> Expected) DonorFile(int rows, int broken)
    {
        var lines = new List<string> { CampaignSteps.Header };
        var expected = new HashSet<(int, string)>();
        var step = rows / broken;
        for (var i = 1; i <= rows; i++)
        {
            var k = (i - 1) / step;
            if ((i - 1) % step == step / 2 && k < broken)
            {
                var (column, line) = Broken[k % Broken.Length];
                lines.Add(line(i));
                expected.Add((i + 1, column));
            }
            else
            {
                lines.Add(Line(CampaignSteps.Row(i)));
            }
        }

        return (string.Join("\n", lines) + "\n", expected);
    }

    private static string Line(string[] row, Action<string[]>? change = null)
    {
        change?.Invoke(row);
        return CampaignSteps.Csv([row], header: "").TrimStart('\n').TrimEnd('\n');
    }
}
