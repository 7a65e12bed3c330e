using System.Net;
using Letters.Domain;
using Letters.Features.Queue;
using Letters.Tests.Infrastructure;
using Letters.Tests.Queueing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Foundation;

/// <summary>
/// The hand-written SQL paths take their status lists from <see cref="OrderStateMachine"/>: here each one is run
/// against an order in every status, and exactly the statuses its transition names may move.
/// </summary>
public sealed class LifecycleSqlTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_cancel_succeeds_in_exactly_the_statuses_the_machine_allows()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        var writer = await Writers.CreateAsync(fixture.App);
        var cancelled = new List<OrderStatus>();
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            var created = await (await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock))).JsonAsync();
            var id = created.GetProperty("id").GetGuid();
            await ForceStatusAsync(id, status, writer);

            var response = await client.Http.PostAsync($"/v1/orders/{id}/cancel", null, Ct);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{status}: {response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                cancelled.Add(status);
                await using var db = fixture.App.NewDbContext();
                var recorded = await db.OrderEvents.OrderBy(e => e.Id).LastAsync(e => e.OrderId == id, Ct);
                Assert.Equal((OrderEventTypes.Cancelled, status, OrderStatus.Cancelled), (recorded.Type, recorded.FromStatus!.Value, recorded.ToStatus!.Value));
            }
        }

        Assert.Equal(OrderStateMachine.CancelByClient.From.Order(), cancelled.Order());
    }

    [Fact]
    public async Task The_sweeper_requeues_expired_leases_in_exactly_the_held_statuses()
    {
        var writer = await Writers.CreateAsync(fixture.App, skills: ["birthday"], languages: ["fi"]);
        var ids = new Dictionary<OrderStatus, Guid>();
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            var id = (await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "birthday", language: "fi"))[0];
            await ForceStatusAsync(id, status, writer);
            ids[status] = id;
        }

        // Every order gets a lease in the past, whatever its status: only the held ones may be taken back.
        await using (var db = fixture.App.NewDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE orders SET lease_until = {fixture.Clock.GetUtcNow().AddHours(-1)}, claimed_by = {writer} WHERE id = ANY({ids.Values.ToArray()}) AND status <> 'queued'", Ct);
        }

        var sweep = await fixture.App.Services.GetRequiredService<LeaseSweeper>().SweepOnceAsync(Ct);

        await using var check = fixture.App.NewDbContext();
        var requeued = new List<OrderStatus>();
        foreach (var (status, id) in ids)
        {
            if (await check.OrderEvents.AnyAsync(e => e.OrderId == id && e.Type == OrderEventTypes.LeaseExpired, Ct))
            {
                requeued.Add(status);
                Assert.Equal(OrderStatus.Queued, (await check.Orders.SingleAsync(o => o.Id == id, Ct)).Status);
            }
        }

        Assert.Equal(OrderStateMachine.ExpireLease.From.Order(), requeued.Order());
        Assert.Equal(requeued.Count, sweep.Expired);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    [InlineData("PT-br")]
    [InlineData("zh-Hant-TW")]
    [InlineData("sr-Latn")]
    public async Task The_primary_language_rule_says_the_same_in_sql_and_csharp(string tag)
    {
        await using var db = fixture.App.NewDbContext();
        var query = "SELECT " + QueueRules.PrimaryLanguageSql("{0}::text") + " AS \"Value\"";
        var sql = await db.Database.SqlQueryRaw<string>(query, tag).SingleAsync(Ct);

        Assert.Equal(QueueRules.PrimaryLanguage(tag), sql);
    }

    private async Task ForceStatusAsync(Guid id, OrderStatus status, Guid writer)
    {
        var held = OrderStateMachine.IsHeld(status);
        await using var db = fixture.App.NewDbContext();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE orders SET status = {status.ToWire()},
                claimed_by = CASE WHEN {held} OR {status.ToWire()} IN ('in_review', 'approved', 'delivered') THEN {writer} END,
                lease_until = CASE WHEN {held} THEN {fixture.Clock.GetUtcNow().AddHours(1)} END
            WHERE id = {id}
            """, Ct);
    }
}
