using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Foundation;

/// <summary>The database itself refuses states the code must never produce.</summary>
public sealed class SchemaTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_queued_order_cannot_have_a_claimant()
    {
        await using var db = fixture.App.NewDbContext();
        var (order, writer) = await NewOrderAsync(db);

        var ct = TestContext.Current.CancellationToken;
        var error = await Assert.ThrowsAsync<DbUpdateException>(async () =>
        {
            order.ClaimedBy = writer.Id;
            await db.SaveChangesAsync(ct);
        });

        Assert.Contains("ck_orders_queued_unclaimed", error.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_draft_versions_with_the_same_number_cannot_both_be_saved()
    {
        await using var db = fixture.App.NewDbContext();
        var (order, writer) = await NewOrderAsync(db);
        db.Drafts.Add(NewDraft(order, writer, version: 1));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        db.Drafts.Add(NewDraft(order, writer, version: 1));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Statuses_and_metadata_are_stored_readably()
    {
        await using var db = fixture.App.NewDbContext();
        var (order, _) = await NewOrderAsync(db);

        var row = await db.Database
            .SqlQuery<string>($"SELECT status || ' ' || (metadata ->> 'campaign') AS \"Value\" FROM orders WHERE id = {order.Id}")
            .SingleAsync(TestContext.Current.CancellationToken);

        Assert.Equal("queued spring", row);
    }

    [Fact]
    public async Task Demo_seed_runs_twice_without_duplicating_anything()
    {
        for (var i = 0; i < 2; i++)
        {
            await using var scope = fixture.App.Services.CreateAsyncScope();
            await DemoSeed.RunAsync(scope.ServiceProvider, TestContext.Current.CancellationToken);
        }

        await using var db = fixture.App.NewDbContext();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(3, await db.Writers.CountAsync(w => w.DisplayName != "Schema Writer", ct));
        Assert.Equal(1, await db.Queues.CountAsync(q => q.IsDefault, ct));
        Assert.Equal(1, await db.ApiKeys.CountAsync(k => k.Label == "demo", ct));
        Assert.Equal(3, (await db.Writers.Select(w => string.Join(",", w.Languages)).Distinct().ToListAsync(ct)).Count(l => l.Length > 2));
    }

    private async Task<(Order Order, Writer Writer)> NewOrderAsync(LettersDbContext db)
    {
        var now = fixture.Clock.GetUtcNow();
        var user = new StaffUser { Id = Guid.NewGuid(), UserName = $"{Guid.NewGuid():N}@x.test", DisplayName = "Schema Writer" };
        var writer = new Writer { Id = Guid.NewGuid(), UserId = user.Id, DisplayName = "Schema Writer", Capacity = 2, CreatedAt = now };
        var client = new Client { Id = Guid.NewGuid(), Name = "C", Email = $"{Guid.NewGuid():N}@client.test", CreatedAt = now };
        var recipient = new Recipient
        {
            Id = Guid.NewGuid(), ClientId = client.Id, Name = "R", AddressLine1 = "1 Main St", City = "Springfield",
            PostalCode = "12345", Country = "US", CreatedAt = now, UpdatedAt = now,
        };
        var order = new Order
        {
            Id = Guid.NewGuid(), ClientId = client.Id, RecipientId = recipient.Id,
            Occasion = "love", Brief = "Twenty years of Sunday pancakes.",
            Letter = new() { Relationship = "husband", Tone = "warm", Length = "short", Language = "en", Style = "caveat", Ink = "blue_black", Paper = "cream", PageSize = "a5" },
            DeliverBy = new DateOnly(2026, 12, 24), DueAt = now.AddDays(10), CreatedAt = now, UpdatedAt = now,
            Metadata = new Dictionary<string, string> { ["campaign"] = "spring" },
        };
        order.Apply(OrderStateMachine.Route, Actor.System, now);
        db.AddRange(user, writer, client, recipient, order);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (order, writer);
    }

    private Draft NewDraft(Order order, Writer writer, int version) => new()
    {
        Id = Guid.NewGuid(), OrderId = order.Id, WriterId = writer.Id, Version = version, Attempt = 1,
        Salutation = "Dear Sam,", Body = "…", Closing = "Love,", Signature = "Alex", CreatedAt = fixture.Clock.GetUtcNow(),
    };
}
