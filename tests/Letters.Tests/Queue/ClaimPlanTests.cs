using System.Text.Json;
using Letters.Features.Queue;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Tests.Queueing;

/// <summary>
/// A claim's cost must not grow with the queue: the benchmark's flat p99 rests on the planner walking the waiting
/// index and stopping at the first match. Measured in pages touched, which do not depend on the machine's speed.
/// </summary>
public sealed class ClaimPlanTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_claim_touches_a_few_pages_whether_twenty_thousand_letters_wait_or_more_are_held()
    {
        await QueueSeed.QueuedAsync(fixture.App, 20_000, occasion: "birthday", language: "en");
        var busy = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            busy.Add(await Writers.CreateAsync(fixture.App, capacity: 10, skills: ["birthday"], languages: ["en"]));
        }

        await using (var db = fixture.App.NewDbContext())
        {
            foreach (var writer in busy)
            {
                for (var held = 0; held < 10; held++)
                {
                    Assert.Equal(ClaimNext.Outcome.Claimed, (await ClaimNext.ExecuteAsync(db, writer, fixture.Clock.GetUtcNow(), new QueueOptions(), Ct)).Outcome);
                }
            }
        }

        var fresh = await Writers.CreateAsync(fixture.App, capacity: 10, skills: ["birthday"], languages: ["en"]);
        await AssertClaimStaysSmallAsync(fresh);
    }

    [Fact]
    public async Task A_claim_touches_a_few_pages_however_many_letters_the_writer_has_finished()
    {
        // A finished letter keeps its writer (continuity needs it) and its sticky offer, so a writer of some years
        // has thousands of rows with their id; neither counting what they hold nor looking for their sticky letters
        // may visit them on every claim.
        var veteran = await Writers.CreateAsync(fixture.App, capacity: 5, skills: ["condolence"], languages: ["en"]);
        // Their finished letters are written as delivered, never queued, so they leave no entries in the waiting
        // index for a claim to step over while other tests hold back vacuum: this test is about the letters
        // behind the writer, not the walk of the queue.
        var waiting = await QueueSeed.QueuedAsync(fixture.App, 100, occasion: "condolence", language: "en", priority: 1);
        await using (var db = fixture.App.NewDbContext())
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO orders (id, client_id, recipient_id, is_test, occasion, relationship, brief, tone, length, language, style, ink, paper,
                                    page_size, deliver_by, priority, metadata, status, due_at, claimed_by, claimed_at, attempt, declined_by,
                                    sticky_writer_id, sticky_until, lease_expiries, needs_admin, revisions_used, auto_draft, created_at, updated_at)
                SELECT gen_random_uuid(), client_id, recipient_id, is_test, occasion, relationship, brief, tone, length, language, style, ink, paper,
                       page_size, deliver_by, priority, metadata, 'delivered', due_at, {veteran}, created_at - n * interval '1 day', 1, declined_by,
                       {veteran}, created_at - n * interval '1 day' + interval '24 hours', 0, false, 0, false,
                       created_at - n * interval '1 day', updated_at
                FROM orders, generate_series(1, 3000) AS n
                WHERE id = {waiting[0]}
                """, Ct);
            for (var held = 0; held < 4; held++)
            {
                Assert.Equal(ClaimNext.Outcome.Claimed, (await ClaimNext.ExecuteAsync(db, veteran, fixture.Clock.GetUtcNow(), new QueueOptions(), Ct)).Outcome);
            }
        }

        await AssertClaimStaysSmallAsync(veteran);
    }

    private async Task AssertClaimStaysSmallAsync(Guid writer)
    {
        await using var connection = new NpgsqlConnection(fixture.App.ConnectionString);
        await connection.OpenAsync(Ct);
        await Execute(connection, "ANALYZE orders");

        // The app's claim is a prepared statement, so after five runs PostgreSQL may switch to a generic plan:
        // both shapes must stay small.
        foreach (var mode in new[] { "force_custom_plan", "force_generic_plan" })
        {
            await using var transaction = await connection.BeginTransactionAsync(Ct);
            await Execute(connection, $"SET LOCAL plan_cache_mode = {mode}");
            await Execute(connection, $"PREPARE claim_{mode}(uuid, timestamptz, timestamptz) AS {ClaimNext.ClaimBest}");
            await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE claim_{mode}('{writer}', now(), now() + interval '30 minutes')", connection);
            using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(Ct))!);
            var root = plan.RootElement[0].GetProperty("Plan");
            var pages = QueryPlans.Pages(root);
            var scans = QueryPlans.Scans(root).ToList();

            Assert.Contains(("Index Scan", "ix_orders_waiting"), scans);
            Assert.DoesNotContain(scans, s => s.Node == "Seq Scan" && s.On == "orders");
            Assert.True(pages < 200, $"{mode}: a claim touched {pages} pages: {plan.RootElement}");
            await transaction.RollbackAsync(Ct);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
