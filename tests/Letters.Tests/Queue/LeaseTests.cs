using Letters.Domain;
using Letters.Features.Queue;
using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Letters.Tests.Queueing;

public sealed class LeaseTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static readonly QueueOptions Options = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Claim_is_released_when_lease_expires_and_skips_that_writer_next_time()
    {
        var letter = (await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "love", language: "da")).Single();
        var first = await Writers.CreateAsync(fixture.App, skills: ["love"], languages: ["da"]);
        var second = await Writers.CreateAsync(fixture.App, skills: ["love"], languages: ["da"]);
        await using var db = fixture.App.NewDbContext();
        var claim = (await ClaimNext.ExecuteAsync(db, first, fixture.Clock.GetUtcNow(), Options, Ct)).Claim!;

        fixture.Clock.Advance(Options.Lease + TimeSpan.FromSeconds(1));
        var sweep = await Sweeper().SweepOnceAsync(Ct);

        Assert.True(sweep.Expired >= 1);
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == letter, Ct);
        Assert.Equal((OrderStatus.Queued, (Guid?)null, 1), (order.Status, order.ClaimedBy, order.LeaseExpiries));
        Assert.Contains(first, order.DeclinedBy);
        var expiredEvent = await db.OrderEvents.Where(e => e.OrderId == letter).OrderBy(e => e.Id).LastAsync(Ct);
        Assert.Equal(("lease_expired", OrderStatus.Claimed, OrderStatus.Queued), (expiredEvent.Type, expiredEvent.FromStatus!.Value, expiredEvent.ToStatus!.Value));

        Assert.Equal(ClaimNext.Outcome.NothingEligible, (await ClaimNext.ExecuteAsync(db, first, fixture.Clock.GetUtcNow(), Options, Ct)).Outcome);
        Assert.Equal(letter, (await ClaimNext.ExecuteAsync(db, second, fixture.Clock.GetUtcNow(), Options, Ct)).Claim?.OrderId);
        Assert.Null(await Leases.HeartbeatAsync(db, letter, first, claim.Attempt, fixture.Clock.GetUtcNow(), Options, Ct));
    }

    [Fact]
    public async Task A_heartbeat_extends_the_lease_so_the_sweeper_leaves_the_letter_alone()
    {
        var letter = (await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "love", language: "no")).Single();
        var writer = await Writers.CreateAsync(fixture.App, skills: ["love"], languages: ["no"]);
        await using var db = fixture.App.NewDbContext();
        var claim = (await ClaimNext.ExecuteAsync(db, writer, fixture.Clock.GetUtcNow(), Options, Ct)).Claim!;

        fixture.Clock.Advance(Options.Lease - TimeSpan.FromMinutes(1));
        var extended = await Leases.HeartbeatAsync(db, letter, writer, claim.Attempt, fixture.Clock.GetUtcNow(), Options, Ct);
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        await Sweeper().SweepOnceAsync(Ct);

        Assert.NotNull(extended);
        Assert.Equal(OrderStatus.Claimed, await db.Orders.Where(o => o.Id == letter).Select(o => o.Status).SingleAsync(Ct));
        Assert.Null(await Leases.HeartbeatAsync(db, letter, writer, claim.Attempt + 1, fixture.Clock.GetUtcNow(), Options, Ct));
    }

    [Fact]
    public async Task Three_expiries_flag_the_letter_for_an_admin()
    {
        var letter = (await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "love", language: "is")).Single();
        await using var db = fixture.App.NewDbContext();
        for (var i = 0; i < 3; i++)
        {
            var writer = await Writers.CreateAsync(fixture.App, skills: ["love"], languages: ["is"]);
            Assert.Equal(letter, (await ClaimNext.ExecuteAsync(db, writer, fixture.Clock.GetUtcNow(), Options, Ct)).Claim?.OrderId);
            fixture.Clock.Advance(Options.Lease + TimeSpan.FromSeconds(1));
            await Sweeper().SweepOnceAsync(Ct);
        }

        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == letter, Ct);
        Assert.Equal((3, true, 3), (order.LeaseExpiries, order.NeedsAdmin, order.DeclinedBy.Count));
    }

    [Fact]
    public async Task A_writer_can_release_with_a_reason_and_only_their_own_current_claim()
    {
        var letter = (await QueueSeed.QueuedAsync(fixture.App, 1, occasion: "apology", language: "cs")).Single();
        var writer = await Writers.CreateAsync(fixture.App, skills: ["apology"], languages: ["cs"]);
        var stranger = await Writers.CreateAsync(fixture.App, skills: ["apology"], languages: ["cs"]);
        await using var db = fixture.App.NewDbContext();
        var claim = (await ClaimNext.ExecuteAsync(db, writer, fixture.Clock.GetUtcNow(), Options, Ct)).Claim!;

        Assert.False(await Leases.ReleaseAsync(db, letter, stranger, claim.Attempt, "Not mine", fixture.Clock.GetUtcNow(), Ct));
        Assert.False(await Leases.ReleaseAsync(db, letter, writer, claim.Attempt - 1, "Stale tab", fixture.Clock.GetUtcNow(), Ct));
        Assert.True(await Leases.ReleaseAsync(db, letter, writer, claim.Attempt, "I knew the family; someone else should write this.", fixture.Clock.GetUtcNow(), Ct));

        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == letter, Ct);
        Assert.Equal((OrderStatus.Queued, (Guid?)null), (order.Status, order.ClaimedBy));
        Assert.Contains(writer, order.DeclinedBy);
        var released = await db.OrderEvents.Where(e => e.OrderId == letter).OrderBy(e => e.Id).LastAsync(Ct);
        Assert.Equal(("released", "I knew the family; someone else should write this."), (released.Type, released.Note));
    }

    [Fact]
    public async Task A_writer_away_for_over_a_minute_gives_back_letters_they_had_not_started()
    {
        var letters = await QueueSeed.QueuedAsync(fixture.App, 2, occasion: "birthday", language: "hu");
        var writer = await Writers.CreateAsync(fixture.App, skills: ["birthday"], languages: ["hu"]);
        await using var db = fixture.App.NewDbContext();
        var started = (await ClaimNext.ExecuteAsync(db, writer, fixture.Clock.GetUtcNow(), Options, Ct)).Claim!;
        var untouched = (await ClaimNext.ExecuteAsync(db, writer, fixture.Clock.GetUtcNow(), Options, Ct)).Claim!;
        db.Drafts.Add(new Draft { Id = Guid.NewGuid(), OrderId = started.OrderId, WriterId = writer, Version = 1, Attempt = started.Attempt, Salutation = "Dear Anna,", Body = "Boldog születésnapot!", Closing = "Love,", Signature = "Kati", CreatedAt = fixture.Clock.GetUtcNow() });
        await db.SaveChangesAsync(Ct);
        var now = fixture.Clock.GetUtcNow();
        await db.Writers.Where(w => w.Id == writer).ExecuteUpdateAsync(s => s.SetProperty(w => w.Availability, Availability.Away).SetProperty(w => w.AvailabilityChangedAt, now), Ct);

        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        await Sweeper().SweepOnceAsync(Ct);
        Assert.Equal(OrderStatus.Claimed, await db.Orders.Where(o => o.Id == untouched.OrderId).Select(o => o.Status).SingleAsync(Ct));

        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        await Sweeper().SweepOnceAsync(Ct);

        var statuses = await db.Orders.Where(o => letters.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Status, Ct);
        Assert.Equal(OrderStatus.Queued, statuses[untouched.OrderId]);
        Assert.Equal(OrderStatus.Claimed, statuses[started.OrderId]);
    }

    [Fact]
    public async Task Only_one_instance_sweeps_at_a_time()
    {
        await using var holder = new NpgsqlConnection(fixture.App.ConnectionString);
        await holder.OpenAsync(Ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({WorkerKind.LeaseSweeper.Lock})", holder))
        {
            await take.ExecuteScalarAsync(Ct);
        }

        var shell = fixture.App.Services.GetRequiredService<WorkerShell<LeaseSweeper>>();
        var whileHeld = await shell.PassOnceAsync(Ct);

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({WorkerKind.LeaseSweeper.Lock})", holder))
        {
            await release.ExecuteScalarAsync(Ct);
        }

        Assert.Equal(WorkerPass.LedElsewhere, whileHeld);
        Assert.Equal(WorkerPass.Idle, await shell.PassOnceAsync(Ct));
    }

    [Fact]
    public async Task Two_app_hosts_on_one_database_never_claim_or_requeue_a_letter_twice()
    {
        var clock = new TestClock(fixture.Clock.GetUtcNow());
        await using var second = new LettersApp(fixture.App.ConnectionString, clock);
        var letters = await QueueSeed.QueuedAsync(fixture.App, 300, occasion: "friendship", language: "lt");
        var writers = new List<Guid>();
        for (var i = 0; i < 16; i++)
        {
            writers.Add(await Writers.CreateAsync(fixture.App, capacity: 50, skills: ["friendship"], languages: ["lt"]));
        }

        var hosts = new[] { fixture.App, second };
        var claimed = (await Task.WhenAll(writers.Select((writer, i) => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            await using var db = hosts[i % 2].NewDbContext();
            while ((await ClaimNext.ExecuteAsync(db, writer, clock.GetUtcNow(), Options, Ct)) is (ClaimNext.Outcome.Claimed, { } claim))
            {
                mine.Add(claim.OrderId);
                db.ChangeTracker.Clear();
            }

            return mine;
        }, Ct)))).SelectMany(m => m).ToList();

        Assert.Equal(letters.Order(), claimed.Order());

        // Every lease runs out; both hosts' sweepers race, over and over, without the leader lock: SKIP LOCKED alone keeps a letter from being requeued twice.
        fixture.Clock.Advance(Options.Lease + TimeSpan.FromMinutes(1));
        clock.Advance(Options.Lease + TimeSpan.FromMinutes(1));
        var sweepers = new[] { Sweeper(), second.Services.GetRequiredService<LeaseSweeper>() };
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => sweepers[i % 2].SweepOnceAsync(Ct), Ct)));

        Assert.True(results.Sum(r => r.Expired) >= 300, "Other tests of this class may leave claims that expire too.");
        await using var read = fixture.App.NewDbContext();
        var expiredEvents = await read.OrderEvents.Where(e => letters.Contains(e.OrderId) && e.Type == "lease_expired").GroupBy(e => e.OrderId).Select(g => g.Count()).ToListAsync(Ct);
        Assert.Equal(300, expiredEvents.Count);
        Assert.All(expiredEvents, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task An_admin_reassigns_within_capacity_or_with_an_explicit_logged_override()
    {
        var letters = await QueueSeed.QueuedAsync(fixture.App, 2, occasion: "congratulations", language: "ro");
        var busy = await Writers.CreateAsync(fixture.App, capacity: 1, skills: ["congratulations"], languages: ["ro"]);
        var admin = new Actor(ActorKind.Admin, Guid.NewGuid(), "Ada Admin");
        await using var db = fixture.App.NewDbContext();
        Assert.Null(await Leases.ReassignAsync(db, letters[0], busy, admin, overrideCapacity: false, fixture.Clock.GetUtcNow(), Options, Ct));

        var refused = await Leases.ReassignAsync(db, letters[1], busy, admin, overrideCapacity: false, fixture.Clock.GetUtcNow(), Options, Ct);
        var overridden = await Leases.ReassignAsync(db, letters[1], busy, admin, overrideCapacity: true, fixture.Clock.GetUtcNow(), Options, Ct);

        Assert.Contains("capacity", refused, StringComparison.Ordinal);
        Assert.Null(overridden);
        Assert.Equal(2, await db.Orders.CountAsync(o => o.ClaimedBy == busy, Ct));
        var logged = await db.OrderEvents.Where(e => e.OrderId == letters[1]).OrderBy(e => e.Id).LastAsync(Ct);
        Assert.Equal(("reassigned", ActorKind.Admin, "Ada Admin"), (logged.Type, logged.ActorKind, logged.ActorName));
        Assert.Contains("override confirmed", logged.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Letters_due_soon_are_at_risk_and_past_due_are_breached_until_written()
    {
        var (clientId, recipientId) = await QueueSeed.ClientAsync(fixture.App);
        var now = fixture.Clock.GetUtcNow();
        await using var db = fixture.App.NewDbContext();
        var soon = (await QueueSeed.InsertAsync(db, 1, clientId, recipientId, now.AddDays(-20).AddHours(12))).Single();
        var late = (await QueueSeed.InsertAsync(db, 1, clientId, recipientId, now.AddDays(-21))).Single();
        await db.Orders.Where(o => o.Id == soon).ExecuteUpdateAsync(s => s.SetProperty(o => o.DueAt, now.AddHours(12)), Ct);
        await db.Orders.Where(o => o.Id == late).ExecuteUpdateAsync(s => s.SetProperty(o => o.DueAt, now.AddHours(-2)), Ct);

        var atRisk = await Sla.AtRisk(db, now, Options).Where(o => o.ClientId == clientId).Select(o => o.Id).ToListAsync(Ct);
        var breached = await Sla.Breached(db, now).Where(o => o.ClientId == clientId).Select(o => o.Id).ToListAsync(Ct);

        Assert.Equal([soon], atRisk);
        Assert.Equal([late], breached);
        await db.Orders.Where(o => o.Id == late).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.InReview), Ct);
        Assert.Empty(await Sla.Breached(db, now).Where(o => o.ClientId == clientId).ToListAsync(Ct));
    }

    private LeaseSweeper Sweeper() => fixture.App.Services.GetRequiredService<LeaseSweeper>();
}
