using System.Collections.Concurrent;
using Letters.Features.Queue;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Letters.Tests.Queueing;

public sealed class WakeUpTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_order_wakes_listening_dashboards_with_its_queue()
    {
        var listener = fixture.App.Services.GetRequiredService<QueueListener>();
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notified += payload => heard.TrySetResult(payload);
        var client = await ApiClients.CreateAsync(fixture.App);
        var orders = new List<Guid>();

        // The listener connects as the host starts; keep ordering until it has heard one (at most ~10 s).
        for (var i = 0; i < 10 && !heard.Task.IsCompleted; i++)
        {
            using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock));
            orders.Add((await created.JsonAsync()).GetProperty("id").GetGuid());
            await Task.WhenAny(heard.Task, Task.Delay(TimeSpan.FromSeconds(1), Ct));
        }

        Assert.True(heard.Task.IsCompleted, "No NOTIFY reached the listener.");
        await using var db = fixture.App.NewDbContext();
        var queues = await db.Orders.Where(o => orders.Contains(o.Id)).Select(o => o.QueueId.ToString()).ToListAsync(Ct);
        Assert.Contains(await heard.Task, queues);
    }

    [Fact]
    public async Task Letters_back_in_the_queue_wake_dashboards_and_a_claim_does_not()
    {
        var options = new QueueOptions();
        var letter = (await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "condolence", language: "sv")).Single();
        var writer = await Writers.CreateAsync(fixture.App, skills: ["condolence"], languages: ["sv"]);
        await using var db = fixture.App.NewDbContext();
        var queue = (await db.Orders.Where(o => o.Id == letter).Select(o => o.QueueId).SingleAsync(Ct))?.ToString() ?? string.Empty;

        await using var listen = new NpgsqlConnection(fixture.App.ConnectionString);
        await listen.OpenAsync(Ct);
        var heard = new ConcurrentQueue<string>();
        listen.Notification += (_, e) => heard.Enqueue(e.Payload);
        await using (var command = new NpgsqlCommand($"LISTEN {QueueSignal.Channel}", listen))
        {
            await command.ExecuteNonQueryAsync(Ct);
        }

        async Task<List<string>> Drain()
        {
            // Notifications arrive on the listening connection; wait briefly for any in flight.
            while (await listen.WaitAsync(TimeSpan.FromMilliseconds(300), Ct))
            {
            }

            var payloads = new List<string>();
            while (heard.TryDequeue(out var payload))
            {
                payloads.Add(payload);
            }

            return payloads;
        }

        var claim = (await ClaimNext.ExecuteAsync(db, writer, fixture.Clock.GetUtcNow(), options, Ct)).Claim!;
        Assert.Empty(await Drain());

        Assert.True(await Leases.ReleaseAsync(db, letter, writer, claim.Attempt, "Too close to home.", fixture.Clock.GetUtcNow(), Ct));
        Assert.Equal([queue], await Drain());

        var other = await Writers.CreateAsync(fixture.App, skills: ["condolence"], languages: ["sv"]);
        db.ChangeTracker.Clear();
        Assert.Equal(letter, (await ClaimNext.ExecuteAsync(db, other, fixture.Clock.GetUtcNow(), options, Ct)).Claim?.OrderId);
        Assert.Empty(await Drain());
        fixture.Clock.Advance(options.Lease + TimeSpan.FromMinutes(1));
        await fixture.App.Services.GetRequiredService<LeaseSweeper>().SweepOnceAsync(Ct);
        Assert.Equal([queue], await Drain());
    }
}
