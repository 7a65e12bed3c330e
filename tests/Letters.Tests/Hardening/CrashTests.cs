using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Letters.Tests.Queueing;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Hardening;

/// <summary>
/// The app as a real process, killed with SIGKILL while writers claim and submit and an admin approves, then
/// started again: every letter must be in exactly one consistent state, because every change is one transaction.
/// </summary>
[Collection(Serial.Name)]
public sealed partial class CrashTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private const string Password = "Crash-test-pass-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_kill_during_claims_and_approvals_every_letter_is_in_one_consistent_state()
    {
        await QueueSeed.QueuedAsync(fixture.App, 300, occasion: "friendship", language: "sk");
        var writers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            writers.Add(await StaffAsync(StaffRoles.Writer));
        }

        var admin = await StaffAsync(StaffRoles.Admin);
        var port = AppProcess.FreePort();
        var app = Start(port);
        try
        {
            await AppProcess.WaitReadyAsync(port, Ct);
            using var stop = new CancellationTokenSource();
            var work = writers.Select(w => Task.Run(() => WriteLettersAsync(port, w, stop.Token), Ct))
                .Append(Task.Run(() => ApproveLettersAsync(port, admin, stop.Token), Ct)).ToList();

            // Let work get going, then pull the plug mid-flight.
            await WaitUntilAsync(async db => await db.Orders.CountAsync(o => o.Status == OrderStatus.Approved, Ct) >= 3);
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync(Ct);
            await stop.CancelAsync();
            await Task.WhenAll(work.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

            app.Dispose();
            app = Start(port);
            await AppProcess.WaitReadyAsync(port, Ct);
            await using var db = fixture.App.NewDbContext();
            await AssertConsistentAsync(db);

            // And it carries on: a writer can claim again after the restart.
            using var http = await SignInAsync(port, writers[0]);
            using var claim = await http.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, Ct);
            Assert.True(claim.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent or HttpStatusCode.Conflict, $"{claim.StatusCode}");
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            app.Dispose();
        }
    }

    private static async Task AssertConsistentAsync(Letters.Data.LettersDbContext db)
    {
        var orders = await db.Orders.AsNoTracking().Where(o => o.Occasion == "friendship" && o.Letter.Language == "sk").ToListAsync(Ct);
        var lastMove = await db.OrderEvents.AsNoTracking().Where(e => e.ToStatus != null && orders.Select(o => o.Id).Contains(e.OrderId))
            .GroupBy(e => e.OrderId).Select(g => g.OrderByDescending(e => e.Id).First()).ToDictionaryAsync(e => e.OrderId, Ct);
        var submitted = await db.Drafts.Where(d => d.Submitted).Select(d => d.OrderId).Distinct().ToListAsync(Ct);
        var proofs = await db.Renditions.Where(r => r.Kind == RenditionKind.Proof).GroupBy(r => r.OrderId).Select(g => g.Key).ToListAsync(Ct);
        var finals = await db.Renditions.Where(r => r.Kind == RenditionKind.Final).GroupBy(r => r.OrderId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, Ct);

        Assert.Contains(orders, o => o.Status == OrderStatus.Approved);
        foreach (var order in orders)
        {
            // The status is exactly where the last recorded move left it; the seed queued them without an event.
            var expected = lastMove.TryGetValue(order.Id, out var move) ? move.ToStatus : OrderStatus.Queued;
            Assert.True(order.Status == expected, $"{order.Id}: status {order.Status}, last event says {expected}");
            switch (order.Status)
            {
                case OrderStatus.Claimed:
                    Assert.True(order.ClaimedBy is not null && order.LeaseUntil is not null, $"{order.Id} is claimed without a holder or lease");
                    break;
                case OrderStatus.InReview:
                    Assert.True(submitted.Contains(order.Id) && proofs.Contains(order.Id), $"{order.Id} is in review without a submitted draft and a proof");
                    break;
                case OrderStatus.Approved:
                    Assert.True(finals.GetValueOrDefault(order.Id) == 1, $"{order.Id} is approved with {finals.GetValueOrDefault(order.Id)} final renditions");
                    break;
                default:
                    Assert.False(finals.ContainsKey(order.Id), $"{order.Id} has a final letter but is {order.Status}");
                    break;
            }
        }
    }

    private static async Task WriteLettersAsync(int port, string email, CancellationToken stop)
    {
        try
        {
            using var http = await SignInAsync(port, email);
            while (!stop.IsCancellationRequested)
            {
                using var claim = await http.PostAsync(new Uri("/writer/api/claims", UriKind.Relative), null, stop);
                if (claim.StatusCode != HttpStatusCode.OK)
                {
                    continue;
                }

                var body = await claim.JsonAsync();
                var (id, attempt) = (body.GetProperty("order_id").GetGuid(), body.GetProperty("attempt").GetInt32());
                using var saved = await http.PostAsJsonAsync($"/writer/api/letters/{id}/drafts", new { attempt, base_version = 0, salutation = "Drahá Jana,", body = "Ďakujem za všetko.", closing = "S láskou,", signature = "Peter" }, ApiClients.Json, stop);
                using var submit = await http.PostAsJsonAsync($"/writer/api/letters/{id}/submit", new { attempt, version = 1 }, ApiClients.Json, stop);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            // The app was killed under us: that is the point.
        }
    }

    private async Task ApproveLettersAsync(int port, string email, CancellationToken stop)
    {
        try
        {
            using var http = await SignInAsync(port, email);
            while (!stop.IsCancellationRequested)
            {
                Guid? next;
                await using (var db = fixture.App.NewDbContext())
                {
                    next = await db.Orders.Where(o => o.Status == OrderStatus.InReview && o.Occasion == "friendship").Select(o => (Guid?)o.Id).FirstOrDefaultAsync(stop);
                }

                if (next is not { } id)
                {
                    await Task.Delay(50, stop);
                    continue;
                }

                var page = await http.GetStringAsync(new Uri($"/admin/review/{id}", UriKind.Relative), stop);
                var token = Token().Match(page).Groups[1].Value;
                using var approve = await http.PostAsync(new Uri($"/admin/review/{id}?handler=Approve", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["notes"] = "Lovely." }), stop);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            // Killed mid-request.
        }
    }

    private static async Task<HttpClient> SignInAsync(int port, string email)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password = Password }, ApiClients.Json, Ct);
        login.EnsureSuccessStatusCode();
        return http;
    }

    private async Task<string> StaffAsync(string role) =>
        (await Staff.CreateAsync(fixture.App, role, Password, ["friendship"], ["sk"], capacity: 50, name: $"Crash {role}")).Email;

    private Process Start(int port) => AppProcess.Start(fixture.App.ConnectionString, $"http://127.0.0.1:{port}");

    private async Task WaitUntilAsync(Func<Letters.Data.LettersDbContext, Task<bool>> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            await using var db = fixture.App.NewDbContext();
            if (await condition(db))
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail("The work never got going.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
