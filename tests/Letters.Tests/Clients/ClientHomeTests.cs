using Letters.Tests.Infrastructure;
using Letters.Tests.Queueing;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Clients;

/// <summary>The client's home stays as fast with a million letters behind it as with two.</summary>
public sealed class ClientHomeTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_home_counts_every_letter_the_client_ordered_from_the_running_count()
    {
        var (browser, clientId) = await Forms.SignedUpClientAsync(fixture.App, "Henri Dubois");

        await using (var db = fixture.App.NewDbContext())
        {
            var recipient = new Letters.Domain.Recipient { Id = Guid.NewGuid(), ClientId = clientId, Name = "R", AddressLine1 = "1 Main St", City = "Springfield", PostalCode = "12345", Country = "US", CreatedAt = fixture.Clock.GetUtcNow(), UpdatedAt = fixture.Clock.GetUtcNow() };
            db.Recipients.Add(recipient);
            await db.SaveChangesAsync(Ct);
            await QueueSeed.InsertAsync(db, 2, clientId, recipient.Id, fixture.Clock.GetUtcNow());
            Assert.Contains("2 letters ordered.", await browser.GetStringAsync(new Uri("/app", UriKind.Relative), Ct), StringComparison.Ordinal);

            // A thousand more in one statement (as a campaign places them), one of them later cancelled: still ordered.
            await QueueSeed.InsertAsync(db, 1000, clientId, recipient.Id, fixture.Clock.GetUtcNow());
            await db.Orders.Where(o => o.ClientId == clientId).OrderBy(o => o.Id).Take(1)
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, Letters.Domain.OrderStatus.Cancelled), Ct);
        }

        Assert.Contains("1,002 letters ordered.", await browser.GetStringAsync(new Uri("/app", UriKind.Relative), Ct), StringComparison.Ordinal);
        await using (var db = fixture.App.NewDbContext())
        {
            Assert.Equal(1002, await db.Orders.CountAsync(o => o.ClientId == clientId, Ct));
        }
    }
}
