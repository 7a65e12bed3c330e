using Letters.Domain;
using Letters.Features.Queue;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Tests.Queueing;

/// <summary>The writer queue against a real PostgreSQL: who gets which letter, and never twice.</summary>
public sealed class ClaimTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static readonly QueueOptions Options = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sixty_four_concurrent_claimers_over_two_thousand_letters_claim_each_exactly_once()
    {
        var letters = await QueueSeed.QueuedAsync(fixture.App, 2000, occasion: "friendship", language: "fi");
        var writers = new List<Guid>();
        for (var i = 0; i < 64; i++)
        {
            writers.Add(await Writers.CreateAsync(fixture.App, capacity: 50, skills: ["friendship"], languages: ["fi"]));
        }

        var claims = await Task.WhenAll(writers.Select(writer => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            await using var db = fixture.App.NewDbContext();
            while (true)
            {
                var (outcome, claim) = await ClaimNext.ExecuteAsync(db, writer, fixture.Clock.GetUtcNow(), Options, Ct);
                if (outcome != ClaimNext.Outcome.Claimed)
                {
                    return (writer, mine, outcome);
                }

                mine.Add(claim!.OrderId);
                db.ChangeTracker.Clear();
            }
        }, Ct)));

        var claimed = claims.SelectMany(c => c.mine).ToList();
        Assert.Equal(2000, claimed.Count);
        Assert.Equal(letters.Order(), claimed.Distinct().Order());
        Assert.All(claims, c => Assert.InRange(c.mine.Count, 0, 50));
        await using var read = fixture.App.NewDbContext();
        var holders = await read.Orders.Where(o => letters.Contains(o.Id)).Select(o => new { o.Id, o.ClaimedBy, o.Status, o.Attempt }).ToListAsync(Ct);
        Assert.All(holders, h => Assert.Equal((OrderStatus.Claimed, 1), (h.Status, h.Attempt)));
        Assert.All(claims, c => Assert.Equal(c.mine.Order(), holders.Where(h => h.ClaimedBy == c.writer).Select(h => h.Id).Order()));
        var events = await read.OrderEvents.Where(e => letters.Contains(e.OrderId) && e.Type == "claimed").GroupBy(e => e.OrderId).Select(g => g.Count()).ToListAsync(Ct);
        Assert.Equal(2000, events.Count);
        Assert.All(events, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Two_tabs_of_one_writer_never_exceed_their_capacity()
    {
        await QueueSeed.QueuedAsync(fixture.App, 30, occasion: "apology", language: "sv");
        var writer = await Writers.CreateAsync(fixture.App, capacity: 3, skills: ["apology"], languages: ["sv"]);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await using var db = fixture.App.NewDbContext();
            return (await ClaimNext.ExecuteAsync(db, writer, fixture.Clock.GetUtcNow(), Options, Ct)).Outcome;
        }, Ct)));

        Assert.Equal(3, outcomes.Count(o => o == ClaimNext.Outcome.Claimed));
        Assert.Equal(17, outcomes.Count(o => o == ClaimNext.Outcome.AtCapacity));
        await using var read = fixture.App.NewDbContext();
        Assert.Equal(3, await read.Orders.CountAsync(o => o.ClaimedBy == writer, Ct));
    }

    [Fact]
    public async Task Skills_and_languages_decide_who_may_take_a_letter()
    {
        var letter = (await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "congratulations", language: "de-AT")).Single();
        var germanNoSkill = await Writers.CreateAsync(fixture.App, skills: ["condolence"], languages: ["de"]);
        var skilledNoGerman = await Writers.CreateAsync(fixture.App, skills: ["congratulations"], languages: ["es"]);
        var grete = await Writers.CreateAsync(fixture.App, skills: ["congratulations"], languages: ["de"]);
        await using var db = fixture.App.NewDbContext();
        var now = fixture.Clock.GetUtcNow();

        Assert.Equal(ClaimNext.Outcome.NothingEligible, (await ClaimNext.ExecuteAsync(db, germanNoSkill, now, Options, Ct)).Outcome);
        Assert.Equal(ClaimNext.Outcome.NothingEligible, (await ClaimNext.ExecuteAsync(db, skilledNoGerman, now, Options, Ct)).Outcome);
        var (outcome, claim) = await ClaimNext.ExecuteAsync(db, grete, now, Options, Ct);
        Assert.Equal((ClaimNext.Outcome.Claimed, letter), (outcome, claim?.OrderId ?? Guid.Empty));
    }

    [Fact]
    public async Task The_sticky_writer_is_offered_the_letter_first_then_others_after_the_window()
    {
        var now = fixture.Clock.GetUtcNow();
        var sticky = await Writers.CreateAsync(fixture.App, skills: ["condolence"], languages: ["it"]);
        var other = await Writers.CreateAsync(fixture.App, skills: ["condolence"], languages: ["it"]);
        var letter = (await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "condolence", language: "it", stickyWriter: sticky, stickyUntil: now.AddHours(24))).Single();
        await using var db = fixture.App.NewDbContext();

        Assert.Equal(ClaimNext.Outcome.NothingEligible, (await ClaimNext.ExecuteAsync(db, other, now.AddHours(23), Options, Ct)).Outcome);
        var (outcome, claim) = await ClaimNext.ExecuteAsync(db, other, now.AddHours(24).AddSeconds(1), Options, Ct);

        Assert.Equal((ClaimNext.Outcome.Claimed, letter), (outcome, claim?.OrderId ?? Guid.Empty));
    }

    [Fact]
    public async Task The_sticky_writer_claims_their_letter_before_older_and_rush_letters()
    {
        var now = fixture.Clock.GetUtcNow();
        var sticky = await Writers.CreateAsync(fixture.App, skills: ["birthday"], languages: ["pt"]);
        await QueueSeed.QueuedAsync(fixture.App, 5, occasion: "birthday", language: "pt", priority: 1);
        var mine = (await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "birthday", language: "pt", stickyWriter: sticky, stickyUntil: now.AddHours(24))).Single();
        await using var db = fixture.App.NewDbContext();

        var (_, claim) = await ClaimNext.ExecuteAsync(db, sticky, now, Options, Ct);

        Assert.Equal(mine, claim!.OrderId);
    }

    [Fact]
    public async Task A_sticky_offer_is_skipped_at_once_when_that_writer_is_away()
    {
        var now = fixture.Clock.GetUtcNow();
        var sticky = await Writers.CreateAsync(fixture.App, skills: ["thank_you"], languages: ["nl"]);
        var other = await Writers.CreateAsync(fixture.App, skills: ["thank_you"], languages: ["nl"]);
        var letter = (await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "thank_you", language: "nl", stickyWriter: sticky, stickyUntil: now.AddHours(24))).Single();
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(ClaimNext.Outcome.NothingEligible, (await ClaimNext.ExecuteAsync(db, other, now, Options, Ct)).Outcome);
        await db.Writers.Where(w => w.Id == sticky).ExecuteUpdateAsync(s => s.SetProperty(w => w.Availability, Availability.Away), Ct);

        Assert.Equal(letter, (await ClaimNext.ExecuteAsync(db, other, now, Options, Ct)).Claim?.OrderId);
    }

    [Fact]
    public async Task Rush_letters_go_before_standard_ones_and_then_the_earliest_due()
    {
        var standard = await QueueSeed.QueuedAsync(fixture.App, 3, occasion: "other", language: "pl");
        var rush = await QueueSeed.QueuedAsync(fixture.App, 2, occasion: "other", language: "pl", priority: 1);
        var writer = await Writers.CreateAsync(fixture.App, capacity: 10, skills: ["other"], languages: ["pl"]);

        var order = new List<Guid>();
        await using var work = fixture.App.NewDbContext();
        for (var i = 0; i < 5; i++)
        {
            order.Add((await ClaimNext.ExecuteAsync(work, writer, fixture.Clock.GetUtcNow(), Options, Ct)).Claim!.OrderId);
        }

        Assert.Equal([.. rush, .. standard], order);
    }

    [Fact]
    public async Task Nothing_eligible_and_not_available_are_answers_not_errors()
    {
        var writer = await Writers.CreateAsync(fixture.App, skills: ["none-such"]);
        await using var db = fixture.App.NewDbContext();

        Assert.Equal(ClaimNext.Outcome.NothingEligible, (await ClaimNext.ExecuteAsync(db, writer, fixture.Clock.GetUtcNow(), Options, Ct)).Outcome);
        await db.Writers.Where(w => w.Id == writer).ExecuteUpdateAsync(s => s.SetProperty(w => w.Availability, Availability.Offline), Ct);
        Assert.Equal(ClaimNext.Outcome.NotAvailable, (await ClaimNext.ExecuteAsync(db, writer, fixture.Clock.GetUtcNow(), Options, Ct)).Outcome);
    }
}
