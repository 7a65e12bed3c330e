using System.Diagnostics;
using System.Security.Cryptography;
using Letters.Handwriting;
using Letters.Migrations;
using Npgsql;

namespace Letters.Benchmarks;

/// <summary>
/// Years of history in the dev database, so pages and lists can be tried at the size a company reaches:
///   ./dev.sh seed-history [--orders 1000000] [--recipients 20000] [--clients 500] [--writers 40]
/// Most letters delivered, one in forty cancelled, a few thousand waiting, being written and in review; three
/// events per order (received, then claimed and submitted, or cancelled) and the delivery of recent ones; drafts and
/// reviews for one letter in a hundred, rendered PDFs for one in a thousand; metadata on a quarter. Everything it
/// makes is under @history.example, created over the three years before now. Run it once per database: a second
/// run adds another history beside the first.
/// </summary>
public static class HistorySeed
{
    /// <summary>The live API key of the business client that owns most of the history (a made-up secret for dev data only).</summary>
    public const string BusinessKey = "lt_live_history000000000000000000000000000000000000000000000000000001";

    /// <summary>Its test key: one letter in fifty of the history is a test.</summary>
    public const string BusinessTestKey = "lt_test_history000000000000000000000000000000000000000000000000000001";

    /// <summary>The business client signs in to the app as business.{run}@history.example with this (dev data only).</summary>
    public const string BusinessPassword = "history-business-1";

    public static async Task<int> RunAsync(string[] args)
    {
        var orders = Harness.Int(args, "--orders", 1_000_000);
        var recipients = Harness.Int(args, "--recipients", 20_000);
        var clients = Harness.Int(args, "--clients", 500);
        var writers = Harness.Int(args, "--writers", 40);
        var connectionString = new NpgsqlConnectionStringBuilder(Migrator.ConnectionStringFromEnvironment()) { CommandTimeout = 0 }.ConnectionString;
        await Migrator.MigrateAsync(connectionString);

        // One real letter for the sampled renditions, so a seeded order's PDF opens.
        var pdf = LetterRenderer.Render(SampleLetter.Document(style: "caveat")).Pdf;
        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var total = Stopwatch.StartNew();
        await StepAsync(connection, "writers", $$"""
            INSERT INTO users (id, display_name, user_name, normalized_user_name, email, normalized_email, email_confirmed,
                               security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            SELECT gen_random_uuid(), 'History Writer ' || n, e, upper(e), e, upper(e), true, md5(e), md5(e), false, false, true, 0
            FROM generate_series(1, {{writers}}) n, LATERAL (SELECT 'writer' || n || '.{{run}}@history.example' AS e) x;
            INSERT INTO user_roles (user_id, role_id)
            SELECT u.id, r.id FROM users u, roles r WHERE u.email LIKE '%.{{run}}@history.example' AND r.name = 'writer';
            INSERT INTO writers (id, user_id, display_name, skills, languages, capacity, availability, is_active, created_at)
            SELECT gen_random_uuid(), u.id, u.display_name,
                   ARRAY['anniversary','love','birthday','condolence','apology','thank_you','congratulations','friendship','other'],
                   ARRAY['en','fr','es'], 5, 'offline', true, now() - interval '3 years'
            FROM users u WHERE u.email LIKE 'writer%.{{run}}@history.example';
            CREATE TEMP TABLE h_writers AS
                SELECT row_number() OVER (ORDER BY w.id) - 1 AS i, w.id, w.display_name FROM writers w JOIN users u ON u.id = w.user_id
                WHERE u.email LIKE 'writer%.{{run}}@history.example';
            """);
        await StepAsync(connection, "clients and recipients", [new NpgsqlParameter("password", new Microsoft.AspNetCore.Identity.PasswordHasher<Letters.Domain.Client>().HashPassword(new Letters.Domain.Client { Name = "History Business", Email = "business@history.example" }, BusinessPassword))], $$"""
            CREATE TEMP TABLE h_clients AS SELECT n - 1 AS i, gen_random_uuid() AS id FROM generate_series(1, {{clients}}) n;
            INSERT INTO clients (id, name, email, created_at)
            SELECT id, 'History Client ' || i, 'client' || i || '.{{run}}@history.example', now() - interval '3 years' FROM h_clients;
            UPDATE clients SET name = 'History Business', email = 'business.{{run}}@history.example', email_confirmed_at = now() - interval '3 years',
                               password_hash = @password
            WHERE id = (SELECT id FROM h_clients WHERE i = 0);
            CREATE TEMP TABLE h_recipients AS
                SELECT n - 1 AS i, gen_random_uuid() AS id, (n - 1) % {{clients}} AS client FROM generate_series(1, {{recipients}}) n;
            INSERT INTO recipients (id, client_id, name, relationship, address_line1, city, postal_code, country, created_at, updated_at)
            SELECT r.id, c.id,
                   (ARRAY['Claire','Sam','Noor','Jonas','Ines','Kofi','Mei','Ana','Ravi','Lena'])[1 + r.i % 10] || ' ' ||
                   (ARRAY['Martin','Okafor','Keller','Silva','Haddad','Novak','Tanaka','Berg','Costa','Murphy','Dubois'])[1 + (r.i / 10) % 11] || ' ' || r.i,
                   'friend', (r.i % 200) || ' Elm Street', 'Springfield', lpad((r.i % 99999)::text, 5, '0'), 'US',
                   now() - interval '3 years', now() - interval '3 years'
            FROM h_recipients r JOIN h_clients c ON c.i = r.client;
            CREATE INDEX ON h_recipients (i);
            ANALYZE h_writers; ANALYZE h_clients; ANALYZE h_recipients;
            """);
        await StepAsync(connection, $"{orders:N0} orders", $$"""
            CREATE TEMP TABLE h_orders AS
            SELECT n, gen_random_uuid() AS id,
                   now() - interval '3 years' * (1 - n::float8 / {{orders}}) AS created_at,
                   CASE WHEN n > {{orders}} - 3000 THEN 'queued'
                        WHEN n > {{orders}} - 4000 THEN 'in_review'
                        WHEN n > {{orders}} - 4500 THEN 'claimed'
                        WHEN n > {{orders}} - 4700 THEN 'changes_requested'
                        WHEN n > {{orders}} - 5000 THEN 'approved'
                        WHEN n % 40 = 0 THEN 'cancelled'
                        ELSE 'delivered' END AS status
            FROM generate_series(1, {{orders}}) n;
            INSERT INTO orders (id, client_id, recipient_id, is_test, occasion, relationship, brief, tone, length, language, style, ink, paper,
                                page_size, deliver_by, priority, metadata, status, queue_id, due_at, claimed_by, claimed_at, lease_until, attempt,
                                declined_by, lease_expiries, needs_admin, revisions_used, auto_draft, price, created_at, updated_at)
            SELECT o.id, c.id, r.id, o.n % 50 = 0,
                   (ARRAY['anniversary','love','birthday','condolence','apology','thank_you','congratulations','friendship','other'])[1 + o.n % 9],
                   'friend',
                   -- Briefs as people write them: a few common words, places and names that recur, and rarer ones.
                   'Remember ' || (ARRAY['Lisbon','the lake house','Paris','our first flat','Kyoto','the bakery','Brighton','the night train','Oaxaca','the garden',
                                         'Vienna','the hospital','Cape Town','the old school','Montreal','the wedding','Galway','the beach','Seoul','the allotment',
                                         'Marrakesh','the vineyard','Oslo','the bookshop','Lima','the fair','Tbilisi','the cabin','Hanoi','the market'])[1 + o.n % 30]
                   || ' with ' || (ARRAY['Claire','Sam','Noor','Jonas','Ines','Kofi','Mei','Ana','Ravi','Lena','Tom','Aisha','Pedro','Yuki','Olga',
                                         'Femi','Marta','Arjun','Sofia','Ben','Leila','Hugo','Zara','Ivan','Grace','Omar','Elif','Jack','Nina','Luca'])[1 + (o.n / 7) % 30]
                   || ', ' || (ARRAY['the almond croissants','the dog','the storm','the red umbrella','the missed bus','the broken piano','the first dance',
                                     'the long walk home','the letter she kept','the kitchen table','the snow','the argument about maps','the lost ring',
                                     'the blue bicycle','the radio'])[1 + (o.n / 3) % 15]
                   || CASE WHEN o.n % 997 = 0 THEN ' and Henriette' ELSE '' END || '; order ' || o.n || '.', 'warm', 'standard',
                   CASE o.n % 10 WHEN 0 THEN 'fr' WHEN 1 THEN 'es' ELSE 'en' END, 'caveat', 'blue_black', 'cream', 'a5',
                   (o.created_at + interval '14 days')::date, CASE WHEN o.n % 12 = 0 THEN 1 ELSE 0 END,
                   CASE WHEN o.n % 4 = 0 THEN jsonb_build_object('crm_id', 'C-' || o.n) ELSE '{}'::jsonb END,
                   o.status, (SELECT id FROM queues WHERE is_default), o.created_at + interval '12 days',
                   CASE WHEN o.status IN ('queued', 'cancelled') THEN NULL ELSE w.id END,
                   CASE WHEN o.status IN ('queued', 'cancelled') THEN NULL ELSE o.created_at + interval '1 day' END,
                   CASE WHEN o.status IN ('claimed', 'changes_requested') THEN now() + interval '30 minutes' END,
                   CASE WHEN o.status IN ('queued', 'cancelled') THEN 0 ELSE 1 END,
                   '{}', 0, false, 0, false,
                   jsonb_build_object('amount', CASE WHEN o.n % 50 = 0 THEN 0 ELSE 950 + (o.n % 3) * 250 END, 'currency', 'USD', 'lines', jsonb_build_array()),
                   o.created_at, least(o.created_at + interval '10 days', now())
            FROM h_orders o
            -- Three letters in four are one business client's (a company writing to its customers for years: ~20,000 a
            -- month), the rest spread over the others.
            JOIN h_recipients r ON r.i = (CASE WHEN o.n % 4 <> 0 THEN 0 ELSE o.n % {{clients}} END) + {{clients}} * ((o.n / {{clients}}) % ({{recipients}} / {{clients}}))
            JOIN h_clients c ON c.i = r.client
            JOIN h_writers w ON w.i = o.n % {{writers}};
            """);
        await StepAsync(connection, "events", $$"""
            INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_id, actor_name, created_at)
            SELECT o.id, 'received', NULL, 'received', 'client', o.client_id, 'client', o.created_at FROM orders o JOIN h_orders h ON h.id = o.id
            ORDER BY h.n;
            INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_id, actor_name, note, created_at)
            SELECT o.id,
                   CASE WHEN h.status = 'cancelled' THEN 'cancelled' WHEN h.status = 'queued' THEN 'queued' ELSE 'claimed' END,
                   CASE WHEN h.status = 'cancelled' THEN 'queued' WHEN h.status = 'queued' THEN 'received' ELSE 'queued' END,
                   CASE WHEN h.status = 'cancelled' THEN 'cancelled' WHEN h.status = 'queued' THEN 'queued' ELSE 'claimed' END,
                   CASE WHEN h.status IN ('cancelled', 'queued') THEN 'client' ELSE 'writer' END,
                   coalesce(o.claimed_by, o.client_id), coalesce(w.display_name, 'client'), NULL, o.created_at + interval '1 day'
            FROM orders o JOIN h_orders h ON h.id = o.id LEFT JOIN writers w ON w.id = o.claimed_by
            ORDER BY h.n;
            INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_id, actor_name, created_at)
            SELECT o.id, 'draft_submitted', 'claimed', 'in_review', 'writer', o.claimed_by, w.display_name,
                   o.created_at + interval '1 day' + (h.n % 600) * interval '1 minute' + interval '30 minutes'
            FROM orders o JOIN h_orders h ON h.id = o.id JOIN writers w ON w.id = o.claimed_by
            WHERE h.status IN ('in_review', 'approved', 'delivered')
            ORDER BY h.n;
            INSERT INTO order_events (order_id, type, from_status, to_status, actor_kind, actor_id, actor_name, created_at)
            SELECT o.id, 'delivered', 'approved', 'delivered', 'client', o.client_id, 'client', o.updated_at
            FROM orders o JOIN h_orders h ON h.id = o.id
            WHERE h.status = 'delivered' AND o.created_at > now() - interval '90 days'
            ORDER BY h.n;
            INSERT INTO delivery_days (day, delivered)
            SELECT (o.updated_at AT TIME ZONE 'UTC')::date, count(*) FROM orders o JOIN h_orders h ON h.id = o.id
            WHERE h.status = 'delivered' AND NOT o.is_test GROUP BY 1
            ON CONFLICT (day) DO UPDATE SET delivered = delivery_days.delivered + EXCLUDED.delivered;
            """);
        await StepAsync(connection, "drafts, reviews and renditions for a sample", $$"""
            INSERT INTO drafts (id, order_id, version, writer_id, attempt, salutation, body, closing, signature, submitted, created_at, saved_at, saves)
            SELECT gen_random_uuid(), o.id, 1, o.claimed_by, 1, 'Dear friend,', 'A letter from the history seed.', 'Warmly,', 'Sam', true,
                   o.created_at + interval '1 day', o.created_at + interval '1 day', 1
            FROM orders o JOIN h_orders h ON h.id = o.id
            WHERE o.claimed_by IS NOT NULL AND (h.n % 100 = 0 OR h.status IN ('in_review', 'approved', 'changes_requested'));
            INSERT INTO reviews (id, order_id, draft_id, reviewer_id, reviewer_name, decision, created_at)
            SELECT gen_random_uuid(), d.order_id, d.id, '00000000-0000-0000-0000-000000000000', 'History Admin',
                   CASE WHEN h.n % 7 = 0 THEN 'changes_requested' ELSE 'approved' END, d.created_at + interval '2 hours'
            FROM drafts d JOIN h_orders h ON h.id = d.order_id WHERE h.status IN ('delivered', 'approved');
            INSERT INTO documents (sha256, content_type, size_bytes, store, content, created_at)
            VALUES (@sha, 'application/pdf', length(@pdf), 'postgres', @pdf, now()) ON CONFLICT DO NOTHING;
            INSERT INTO renditions (id, order_id, draft_id, kind, sha256, page_count, created_at)
            SELECT gen_random_uuid(), d.order_id, d.id, 'final', @sha, 1, d.created_at + interval '3 hours'
            FROM drafts d JOIN h_orders h ON h.id = d.order_id WHERE h.status = 'delivered' AND h.n % 1000 = 0;
            """, new NpgsqlParameter("pdf", pdf), new NpgsqlParameter("sha", Convert.ToHexStringLower(SHA256.HashData(pdf))));
        await StepAsync(connection, "the business client's keys", $$"""
            INSERT INTO api_keys (id, client_id, mode, prefix, hash, label, created_at)
            SELECT gen_random_uuid(), id, 'live', @prefix, @hash, 'history seed', now() FROM h_clients WHERE i = 0;
            INSERT INTO api_keys (id, client_id, mode, prefix, hash, label, created_at)
            SELECT gen_random_uuid(), id, 'test', @test_prefix, @test_hash, 'history seed (test)', now() FROM h_clients WHERE i = 0;
            """, new NpgsqlParameter("prefix", Auth.ApiKeySecrets.DisplayPrefix(BusinessKey)), new NpgsqlParameter("hash", Auth.ApiKeySecrets.Hash(BusinessKey)),
            new NpgsqlParameter("test_prefix", Auth.ApiKeySecrets.DisplayPrefix(BusinessTestKey)), new NpgsqlParameter("test_hash", Auth.ApiKeySecrets.Hash(BusinessTestKey)));
        await StepAsync(connection, "the business client's campaigns, standing orders, books and webhook endpoint",
            [new NpgsqlParameter("leap", Letters.Domain.WireNames.Of(Letters.Domain.LeapDayRule.February28)),
             new NpgsqlParameter("trim", Letters.Domain.WireNames.Of(Letters.Handwriting.Books.BookTrim.SixByNine)),
             new NpgsqlParameter("one_letter", Letters.Domain.WireNames.Of(Letters.Domain.CampaignKind.OneLetter)),
             new NpgsqlParameter("campaign_done", Letters.Domain.WireNames.Of(Letters.Domain.CampaignState.Done)),
             new NpgsqlParameter("book_done", Letters.Domain.WireNames.Of(Letters.Domain.BookState.Done))], $$"""
            -- A standing order for every fourth of its recipients (a yearly card), a campaign a week for three years, a
            -- book a month, and the endpoint its CRM listens on; a few of each in test mode.
            INSERT INTO standing_orders (id, client_id, is_test, recipient_id, occasion, month, day, time_zone, leap_day, lead_days, brief, first_year,
                                         created_at, updated_at, ink, language, length, page_size, paper, relationship, style, tone)
            SELECT gen_random_uuid(), c.id, r.i % 40 = 0, r.id, 'birthday', 1 + r.i % 12, 1 + r.i % 28, 'Europe/Paris', @leap, 14,
                   'Every year on their birthday: thank them for being a customer since the first shop.', 2024,
                   now() - interval '3 years' + r.i * interval '1 hour', now(), 'blue_black', 'en', 'short', 'a5', 'cream', 'customer', 'caveat', 'warm'
            FROM h_recipients r JOIN h_clients c ON c.i = r.client WHERE r.client = 0 AND r.i % 4 = 0;
            INSERT INTO campaigns (id, client_id, is_test, name, kind, state, occasion, deliver_by, auto_draft, rows_total, rows_valid, rows_invalid,
                                   rows_with_warnings, orders_created, letters_rendered, attempts, file_problems, custom_fields, created_at, updated_at,
                                   ink, language, length, page_size, paper, relationship, style, tone)
            SELECT gen_random_uuid(), c.id, w % 20 = 0, 'Week ' || w || ' thank-you', @one_letter, @campaign_done, 'thank_you',
                   (now() - (156 - w) * interval '1 week' + interval '14 days')::date, false, 300, 300, 0, 0, 300, 300, 1, '[]', ARRAY[]::text[],
                   now() - (156 - w) * interval '1 week', now() - (156 - w) * interval '1 week' + interval '1 day',
                   'blue_black', 'en', 'short', 'a5', 'cream', 'customer', 'caveat', 'warm'
            FROM generate_series(1, 156) w, h_clients c WHERE c.i = 0;
            INSERT INTO books (id, client_id, is_test, title, trim, state, letters_total, letters_placed, page_count, contents, attempts,
                               created_at, updated_at, finished_at)
            SELECT gen_random_uuid(), c.id, m % 12 = 0, 'Letters of month ' || m, @trim, @book_done, 40, 40, 48, '[]', 1,
                   now() - (36 - m) * interval '1 month', now() - (36 - m) * interval '1 month', now() - (36 - m) * interval '1 month'
            FROM generate_series(1, 36) m, h_clients c WHERE c.i = 0;
            INSERT INTO webhook_endpoints (id, client_id, is_test, url, description, event_types, secret, created_at, updated_at)
            SELECT gen_random_uuid(), c.id, false, 'https://crm.history.example/letters', 'Our CRM', ARRAY[]::text[],
                   'whsec_' || md5(c.id::text), now() - interval '3 years', now() - interval '3 years'
            FROM h_clients c WHERE c.i = 0;
            """);
        // Counted now, as the app's refresher would: it then finds them fresh and does not recount (12 s of a core)
        // in the middle of a measurement.
        await StepAsync(connection, "writer statistics", "REFRESH MATERIALIZED VIEW writer_statistics");
        await StepAsync(connection, "vacuum analyze", "VACUUM ANALYZE");
        Console.WriteLine($"history seeded in {total.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    private static Task StepAsync(NpgsqlConnection connection, string what, NpgsqlParameter[] parameters, string sql) => StepAsync(connection, what, sql, parameters);

    private static async Task StepAsync(NpgsqlConnection connection, string what, string sql, params NpgsqlParameter[] parameters)
    {
        var started = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync();
        Console.WriteLine($"  {what}: {started.Elapsed.TotalSeconds:F1} s");
    }
}
