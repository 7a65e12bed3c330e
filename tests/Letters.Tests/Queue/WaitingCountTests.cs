using Letters.Domain;
using Letters.Features.Queue;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Queueing;

/// <summary>What the dashboard says is waiting for a writer is exactly what their claims then get.</summary>
public sealed class WaitingCountTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_waiting_count_equals_the_number_of_claims_that_succeed()
    {
        var now = fixture.Clock.GetUtcNow();
        var me = await Writers.CreateAsync(fixture.App, capacity: 50, skills: ["thank_you", "birthday"], languages: ["pt", "nl"]);
        var sticky = await Writers.CreateAsync(fixture.App, capacity: 50, skills: ["thank_you"], languages: ["pt"]);
        var awaySticky = await Writers.CreateAsync(fixture.App, capacity: 50, skills: ["thank_you"], languages: ["pt"]);
        await using (var db = fixture.App.NewDbContext())
        {
            await db.Writers.Where(w => w.Id == awaySticky).ExecuteUpdateAsync(s => s.SetProperty(w => w.Availability, Availability.Away), Ct);
        }

        await QueueSeed.QueuedAsync(fixture.App, 4, occasion: "thank_you", language: "pt");
        await QueueSeed.QueuedAsync(fixture.App, 3, occasion: "birthday", language: "nl-BE");
        await QueueSeed.QueuedAsync(fixture.App, 2, occasion: "thank_you", language: "pt-BR");
        await QueueSeed.QueuedAsync(fixture.App, 3, occasion: "thank_you", language: "pt", stickyWriter: sticky, stickyUntil: now.AddHours(5));
        await QueueSeed.QueuedAsync(fixture.App, 2, occasion: "thank_you", language: "pt", stickyWriter: awaySticky, stickyUntil: now.AddHours(5));
        await QueueSeed.QueuedAsync(fixture.App, 2, occasion: "thank_you", language: "pt", stickyWriter: sticky, stickyUntil: now.AddHours(-1));
        await QueueSeed.QueuedAsync(fixture.App, 2, occasion: "thank_you", language: "pt", stickyWriter: me, stickyUntil: now.AddHours(5));
        await QueueSeed.QueuedAsync(fixture.App, 3, occasion: "apology", language: "pt");
        await QueueSeed.QueuedAsync(fixture.App, 3, occasion: "thank_you", language: "ptx");
        var declined = await QueueSeed.QueuedAsync(fixture.App, 2, occasion: "birthday", language: "nl");
        await using (var db = fixture.App.NewDbContext())
        {
            await db.Orders.Where(o => declined.Contains(o.Id)).ExecuteUpdateAsync(s => s.SetProperty(o => o.DeclinedBy, new List<Guid> { me }), Ct);
        }

        int waiting;
        await using (var db = fixture.App.NewDbContext())
        {
            var writer = await db.Writers.AsNoTracking().SingleAsync(w => w.Id == me, Ct);
            waiting = (await WriterQueueApi.SummarizeAsync(db, writer, now, Ct)).Waiting;
        }

        var claims = 0;
        await using (var db = fixture.App.NewDbContext())
        {
            while ((await ClaimNext.ExecuteAsync(db, me, now, new QueueOptions(), Ct)).Outcome == ClaimNext.Outcome.Claimed)
            {
                claims++;
            }
        }

        Assert.Equal(4 + 3 + 2 + 2 + 2 + 2, claims);
        Assert.Equal(claims, waiting);
    }
}
