using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Foundation;

/// <summary>
/// No transaction is held across drawing, HTTP or mail: with several instances on one server, a connection held
/// idle in a transaction while a letter is drawn is a connection another request cannot have. The tests run the app
/// in strict mode, so a violation anywhere a request or a worker pass goes fails its test.
/// </summary>
public sealed class OutsideTransactionsTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Drawing_while_a_transaction_is_open_is_refused_and_allowed_once_it_ends()
    {
        _ = fixture.App.Services; // the app is started, and has set the rule strict for tests
        Assert.True(OutsideTransactions.Strict);
        using var unit = OutsideTransactions.Track();
        await using var db = fixture.App.NewDbContext();

        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            await db.Orders.CountAsync(Ct);
            var refused = Assert.Throws<InvalidOperationException>(() => OutsideTransactions.Ensure("drawing a letter"));
            Assert.Contains("drawing a letter", refused.Message, StringComparison.Ordinal);
            await transaction.CommitAsync(Ct);
        }

        OutsideTransactions.Ensure("drawing a letter");

        // Disposed without a commit (a handler that returns early) ends it too.
        await using (await db.Database.BeginTransactionAsync(Ct))
        {
            await db.Orders.CountAsync(Ct);
        }

        OutsideTransactions.Ensure("drawing a letter");
    }

    [Fact]
    public async Task The_test_autopilot_draws_its_letters_outside_any_transaction()
    {
        var client = await ApiClients.CreateAsync(fixture.App);
        using var created = await client.PostOrderAsync(ApiClients.OrderBody(fixture.Clock, b => b["auto_draft"] = true));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        // Through the shell, as the running app does: a letter drawn inside a transaction would throw here.
        var shell = fixture.App.Services.GetRequiredService<WorkerShell<Letters.Features.Orders.TestAutopilot>>();
        Assert.Equal(WorkerPass.Busy, await shell.PassOnceAsync(Ct));

        using var order = await client.Http.GetAsync(new Uri($"/v1/orders/{id}", UriKind.Relative), Ct);
        Assert.Equal("approved", (await order.JsonAsync()).GetProperty("status").GetString());
    }
}
