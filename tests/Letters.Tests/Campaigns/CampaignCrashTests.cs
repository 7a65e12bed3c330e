using System.Diagnostics;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Tests.Campaigns;

/// <summary>The import survives the process dying under it: the app runs as its own process here, and is killed.</summary>
public sealed class CampaignCrashTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_import_killed_midway_finishes_after_restart_with_every_row_exactly_once()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var (csv, _) = CampaignImportTests.DonorFile(2000, 37);
        var campaign = await client.CreateCampaignAsync(fixture.Clock, "personal");
        using var upload = await client.UploadAsync(campaign, csv);
        await fixture.App.WorkAsync();
        using var start = await client.StartAsync(campaign);

        // The app as a process of its own, importing in small batches, killed (SIGKILL) once some orders exist.
        using var app = StartApp(fixture.App.ConnectionString);
        int atKill;
        try
        {
            atKill = await WaitForOrdersAsync(campaign, atLeast: 100, app);
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync(Ct);
        }

        var afterKill = await CountAsync(campaign);
        Assert.InRange(afterKill, atKill, 1962);

        // Restarted (here, the test's own instance): the import picks up where the last commit left it.
        await fixture.App.WorkAsync();
        await using var db = fixture.App.NewDbContext();
        var orders = await db.Orders.Where(o => o.CampaignId == campaign).Select(o => new { o.Id, o.CampaignRow }).ToListAsync(Ct);
        Assert.Equal(1963, orders.Count);
        Assert.Equal(1963, orders.Select(o => o.CampaignRow).Distinct().Count());
        var rows = await db.CampaignRows.Where(r => r.CampaignId == campaign && r.Valid).Select(r => new { r.RowNumber, r.OrderId }).ToListAsync(Ct);
        Assert.Equal(orders.ToDictionary(o => o.CampaignRow!.Value, o => (Guid?)o.Id), rows.ToDictionary(r => r.RowNumber, r => r.OrderId));
        Assert.Equal(1963, await db.Recipients.CountAsync(Ct));
        Assert.Equal("writing", (await client.CampaignAsync(campaign)).GetProperty("state").GetString());
    }

    private static Process StartApp(string connectionString) => AppProcess.Start(connectionString, "http://127.0.0.1:0", new Dictionary<string, string>
    {
        ["Letters__Campaigns__ImportBatch"] = "10",
        ["Letters__Campaigns__PollInterval"] = "00:00:00.050",
        ["Letters__Workers__WriterStatistics__Enabled"] = "false",
        ["Letters__Workers__WebhookRelay__Enabled"] = "false",
        ["Letters__Workers__WebhookSender__Enabled"] = "false",
    });

    private async Task<int> WaitForOrdersAsync(Guid campaign, int atLeast, Process app)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(app.HasExited, $"The app process exited with {(app.HasExited ? app.ExitCode : 0)} before importing.");
            var count = await CountAsync(campaign);
            if (count >= atLeast)
            {
                return count;
            }

            await Task.Delay(10, Ct);
        }

        throw new TimeoutException("The app process imported nothing within 90 seconds.");
    }

    private async Task<int> CountAsync(Guid campaign)
    {
        await using var connection = new NpgsqlConnection(fixture.App.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orders WHERE campaign_id = $1", connection) { Parameters = { new() { Value = campaign } } };
        return (int)(long)(await count.ExecuteScalarAsync(Ct))!;
    }
}
