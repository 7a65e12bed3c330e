using Letters.Features.Queue;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
}
