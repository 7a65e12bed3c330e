using System.Diagnostics;
using System.Globalization;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Queue;
using Letters.Migrations;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Letters.Benchmarks;

/// <summary>
/// Claims per second with concurrent claimers, and claim latency at several queue depths, on a database of its
/// own (letters_bench, recreated each run):
///   ./dev.sh bench-claims [--sizes 10000,100000,1000000] [--claimers 64] [--history 0] [--pool N] [--bare]
/// Each claimer is a writer of capacity 50 claiming until full, so a round is 64 × 50 = 3,200 claims. With
/// --history N every writer also has N delivered letters behind them (each once offered to them for continuity),
/// as writers who have been here for years do. --bare measures, with the same rounds, the least a claim can be
/// (<see cref="BareClaim"/>): the floor the queue's own rules are built on.
/// </summary>
public static class ClaimLoad
{
    /// <summary>
    /// A claim stripped to what no PostgreSQL queue can skip: take the first waiting letter with SKIP LOCKED, mark
    /// it claimed and write its event, one statement, committed. No writer lock, capacity, skills, languages,
    /// declines or continuity.
    /// </summary>
    private const string BareClaim = """
        WITH pick AS (
            SELECT id FROM orders WHERE status = 'queued' ORDER BY priority DESC, due_at, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED),
        claimed AS (
            UPDATE orders o SET status = 'claimed', claimed_by = $1, claimed_at = $2, lease_until = $3, attempt = o.attempt + 1, updated_at = $2
            FROM pick WHERE o.id = pick.id RETURNING o.id)
        INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_id, actor_name, created_at)
        SELECT id, 'claimed', 'queued', 'claimed', 'writer', $1, 'Bench', $2 FROM claimed
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = Harness.Option(args, "--sizes", "10000,100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var claimers = int.Parse(Harness.Option(args, "--claimers", "64"), CultureInfo.InvariantCulture);
        var history = int.Parse(Harness.Option(args, "--history", "0"), CultureInfo.InvariantCulture);
        var bare = args.Contains("--bare");
        var pool = int.Parse(Harness.Option(args, "--pool", (claimers + 10).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var server = new NpgsqlConnectionStringBuilder(Migrator.ConnectionStringFromEnvironment()) { Database = "postgres", Pooling = false }.ConnectionString;
        var bench = new NpgsqlConnectionStringBuilder(server) { Database = "letters_bench", Pooling = true, MaxPoolSize = pool }.ConnectionString;
        await Harness.ExecuteAsync(server, "DROP DATABASE IF EXISTS letters_bench WITH (FORCE)");
        await Harness.ExecuteAsync(server, "CREATE DATABASE letters_bench");
        await Migrator.MigrateAsync(bench);

        var options = new DbContextOptionsBuilder<LettersDbContext>();
        LettersDbContext.Configure(options, bench);
        var now = DateTimeOffset.UtcNow;
        var (clientId, recipientId, writers) = await SetUpAsync(options.Options, claimers, now);
        var queue = new QueueOptions();

        Console.WriteLine($"claim benchmark{(bare ? " (bare claims)" : string.Empty)}: {claimers} concurrent claimers, capacity 50 each, {history:N0} delivered letters each behind them, {pool} connections");

        // The first round pays for JIT, opening connections and preparing statements; it is not reported. Each
        // size then gets three rounds (claims handed back between them) and reports the median round with the
        // latencies of all three: a round is only 3,200 claims, and this machine is noisy.
        var warmUp = true;
        foreach (var size in sizes.Take(1).Concat(sizes))
        {
            await Harness.ExecuteAsync(bench, "TRUNCATE order_events, orders CASCADE");
            var seed = Stopwatch.StartNew();
            // One order in four carries metadata, as integrators' orders do.
            await Harness.ExecuteAsync(bench, $"""
                INSERT INTO orders (id, client_id, recipient_id, is_test, occasion, relationship, brief, tone, length, language, style, ink, paper,
                                    page_size, deliver_by, priority, metadata, status, due_at, attempt, declined_by, lease_expiries, needs_admin,
                                    revisions_used, auto_draft, created_at, updated_at)
                SELECT gen_random_uuid(), '{clientId}', '{recipientId}', true, (ARRAY['anniversary','birthday','love','thank_you'])[1 + n % 4], 'friend',
                       'A brief long enough to be a brief.', 'warm', 'standard', 'en', 'caveat', 'blue_black', 'cream', 'a5', current_date + 30,
                       CASE WHEN n % 10 = 0 THEN 1 ELSE 0 END,
                       CASE WHEN n % 4 = 0 THEN jsonb_build_object('campaign', 'spring-' || (n % 7), 'crm_id', n::text) ELSE jsonb_build_object() END,
                       'queued', now() + (n % 5000) * interval '1 minute', 0, ARRAY[]::uuid[], 0, false, 0, false,
                       now() - n * interval '1 millisecond', now()
                FROM generate_series(1, {size}) AS n
                """);
            if (history > 0)
            {
                var writerIds = "{" + string.Join(",", writers) + "}";
                await Harness.ExecuteAsync(bench, $"""
                    INSERT INTO orders (id, client_id, recipient_id, is_test, occasion, relationship, brief, tone, length, language, style, ink, paper,
                                        page_size, deliver_by, priority, metadata, status, due_at, claimed_by, claimed_at, attempt, declined_by,
                                        sticky_writer_id, sticky_until, lease_expiries, needs_admin, revisions_used, auto_draft, created_at, updated_at)
                    SELECT gen_random_uuid(), '{clientId}', '{recipientId}', true, 'anniversary', 'friend', 'A brief long enough to be a brief.', 'warm',
                           'standard', 'en', 'caveat', 'blue_black', 'cream', 'a5', current_date - n, 0, jsonb_build_object(), 'delivered',
                           now() - n * interval '1 day', w.id, now() - n * interval '1 day', 1, ARRAY[]::uuid[],
                           w.id, now() - n * interval '1 day', 0, false, 0, false,
                           now() - n * interval '1 day', now() - n * interval '1 day'
                    FROM unnest('{writerIds}'::uuid[]) AS w(id), generate_series(1, {history}) AS n
                    """);
            }

            await Harness.ExecuteAsync(bench, "VACUUM ANALYZE orders");
            seed.Stop();

            var rounds = new List<(double PerSecond, double[] Latencies)>();
            for (var round = 0; round < (warmUp ? 1 : 3); round++)
            {
                if (round > 0)
                {
                    await Harness.ExecuteAsync(bench, "UPDATE orders SET status = 'queued', claimed_by = NULL, claimed_at = NULL, lease_until = NULL WHERE status = 'claimed'");
                    await Harness.ExecuteAsync(bench, "TRUNCATE order_events");
                    await Harness.ExecuteAsync(bench, "VACUUM ANALYZE orders");
                }

                rounds.Add(await RoundAsync(options.Options, writers, bare
                    ? (db, writer) => BareClaimAsync(db, writer)
                    : async (db, writer) => (await ClaimNext.ExecuteAsync(db, writer, DateTimeOffset.UtcNow, queue, CancellationToken.None)).Outcome == ClaimNext.Outcome.Claimed));
            }

            if (warmUp)
            {
                warmUp = false;
                continue;
            }

            var all = rounds.SelectMany(r => r.Latencies).Order().ToArray();
            var perSecond = rounds.Select(r => r.PerSecond).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size,9:N0} queued (seeded in {seed.Elapsed.TotalSeconds:F0} s): {perSecond[1]:F0} claims/s (rounds {string.Join(", ", perSecond.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))}); latency p50 {Harness.Percentile(all, 0.5):F1} ms, p99 {Harness.Percentile(all, 0.99):F1} ms"));
        }

        return 0;
    }

    /// <summary>
    /// Every writer claims until full (capacity 50), each over a DbContext of its own; returns claims per second and
    /// each claim's latency.
    /// </summary>
    private static async Task<(double PerSecond, double[] Latencies)> RoundAsync(
        DbContextOptions<LettersDbContext> options, List<Guid> writers, Func<LettersDbContext, Guid, Task<bool>> claimOnce)
    {
        var latencies = new List<double>[writers.Count];
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(writers.Select((writer, i) => Task.Run(async () =>
        {
            latencies[i] = [];
            await using var db = new LettersDbContext(options);
            while (latencies[i].Count < 50)
            {
                var start = Stopwatch.GetTimestamp();
                if (!await claimOnce(db, writer))
                {
                    break;
                }

                latencies[i].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        wall.Stop();
        var all = latencies.SelectMany(l => l).ToArray();
        return (all.Length / wall.Elapsed.TotalSeconds, all);
    }

    /// <summary>One <see cref="BareClaim"/> over the context's pooled connection, as ClaimNext uses it.</summary>
    private static async Task<bool> BareClaimAsync(LettersDbContext db, Guid writer)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var now = DateTimeOffset.UtcNow;
            await using var command = new NpgsqlCommand(BareClaim, (NpgsqlConnection)db.Database.GetDbConnection())
            {
                Parameters = { new() { Value = writer }, new() { Value = now }, new() { Value = now.AddMinutes(30) } },
            };
            await command.PrepareAsync();
            return await command.ExecuteNonQueryAsync() == 1;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<(Guid ClientId, Guid RecipientId, List<Guid> Writers)> SetUpAsync(DbContextOptions<LettersDbContext> options, int claimers, DateTimeOffset now)
    {
        await using var db = new LettersDbContext(options);
        var client = new Client { Id = Guid.NewGuid(), Name = "Bench", Email = "bench@client.test", CreatedAt = now };
        var recipient = new Recipient { Id = Guid.NewGuid(), ClientId = client.Id, Name = "R", AddressLine1 = "1 Main St", City = "Springfield", PostalCode = "12345", Country = "US", CreatedAt = now, UpdatedAt = now };
        db.AddRange(client, recipient);
        var writers = new List<Guid>();
        for (var i = 0; i < claimers; i++)
        {
            var user = new StaffUser { Id = Guid.NewGuid(), UserName = $"bench{i}@writer.test", DisplayName = $"Bench {i}" };
            var writer = new Writer { Id = Guid.NewGuid(), UserId = user.Id, DisplayName = $"Bench {i}", Capacity = 50, Skills = ["anniversary", "birthday", "love", "thank_you"], Languages = ["en"], Availability = Availability.Available, CreatedAt = now };
            db.AddRange(user, writer);
            writers.Add(writer.Id);
        }

        await db.SaveChangesAsync();
        return (client.Id, recipient.Id, writers);
    }
}
