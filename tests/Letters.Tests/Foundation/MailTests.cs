using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Letters.Tests.Foundation;

/// <summary>
/// E-mail goes through one outbox: posted in the transaction that decides to send it, sent after that commits, once.
/// Before it, a reminder was sent before its transaction committed, and one of 150 went out twice after a kill.
/// </summary>
public sealed class MailTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_mail_is_sent_only_if_what_decided_it_commits_and_then_once_however_many_instances_pass()
    {
        var now = fixture.Clock.GetUtcNow();
        await using (var db = fixture.App.NewDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            Mailbox.Post(db, "never@example.com", "Rolled back", "This decision was undone.", now);
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        await using (var db = fixture.App.NewDbContext())
        {
            Mailbox.Post(db, "once@example.com", "Committed", "This one was decided.", now);
            await db.SaveChangesAsync(Ct);
        }

        // Four instances' passes at once: the claim gives the message to one.
        var sender = fixture.App.Services.GetRequiredService<MailSender>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => sender.PassAsync(Ct), Ct)));

        Assert.Single(fixture.App.Outbox.Sent, m => m.Recipient == "once@example.com");
        Assert.DoesNotContain(fixture.App.Outbox.Sent, m => m.Recipient == "never@example.com");
        await using var check = fixture.App.NewDbContext();
        var mail = await check.OutgoingMail.SingleAsync(Ct);
        Assert.Equal((1, true), (mail.Attempts, mail.SentAt is not null));
    }

    [Fact]
    public async Task A_mail_an_instance_died_holding_is_sent_once_its_lease_runs_out()
    {
        var now = fixture.Clock.GetUtcNow();
        await using (var db = fixture.App.NewDbContext())
        {
            var mail = Mailbox.Post(db, "claire@example.com", "Held", "Claimed by an instance that then died.", now);
            mail.Attempts = 1;
            mail.LeaseUntil = now.AddSeconds(40);
            await db.SaveChangesAsync(Ct);
        }

        var sender = fixture.App.Services.GetRequiredService<MailSender>();
        Assert.False(await sender.PassAsync(Ct));
        Assert.DoesNotContain(fixture.App.Outbox.Sent, m => m.Recipient == "claire@example.com");

        fixture.Clock.Advance(TimeSpan.FromSeconds(41));
        Assert.Single(fixture.App.Outbox.Sent, m => m.Recipient == "claire@example.com");
        await using var check = fixture.App.NewDbContext();
        Assert.Equal(2, (await check.OutgoingMail.SingleAsync(Ct)).Attempts);
    }

    /// <summary>Every instance's mail pass claims from the waiting few, however many years of sent mail lie behind them.</summary>
    [Fact]
    public async Task The_mail_claim_reads_a_few_pages_beside_thirty_thousand_sent_messages()
    {
        await using var connection = new NpgsqlConnection(fixture.App.ConnectionString);
        await connection.OpenAsync(Ct);
        await using (var seed = new NpgsqlCommand("""
            INSERT INTO outgoing_mail (id, recipient, subject, text, created_at, next_attempt_at, attempts, sent_at)
            SELECT gen_random_uuid(), 'client' || n || '@example.com', 'Confirm your e-mail for Letters', repeat('A confirmation. ', 20), now(), now(), 1, now()
            FROM generate_series(1, 30000) n;
            INSERT INTO outgoing_mail (id, recipient, subject, text, created_at, next_attempt_at, attempts)
            SELECT gen_random_uuid(), 'waiting' || n || '@example.com', 'Reset your Letters password', 'A reset.', now(), now() - interval '1 second', 0
            FROM generate_series(1, 2) n;
            ANALYZE outgoing_mail;
            """, connection))
        {
            await seed.ExecuteNonQueryAsync(Ct);
        }

        await QueryPlans.AssertSmallAsync(connection, MailSender.ClaimSql, ["now()", "now() + interval '40 seconds'", "20"], "ix_outgoing_mail_waiting", "outgoing_mail");
    }

    /// <summary>A client's name is text they typed: in the HTML part it is shown, never obeyed; a link is a link, its sentence's full stop left outside.</summary>
    [Fact]
    public void The_html_part_says_what_the_text_says_escaped_with_its_links_clickable()
    {
        var html = MailHtml.From("Dear <b>Ann</b> & co,\n\nChoose a password here: https://letters.example/app/reset?token=a%2Bb&x=1.\nThanks.");

        Assert.Contains("<p>Dear &lt;b&gt;Ann&lt;/b&gt; &amp; co,</p>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://letters.example/app/reset?token=a%2Bb&amp;x=1\">https://letters.example/app/reset?token=a%2Bb&amp;x=1</a>.<br>Thanks.</p>", html, StringComparison.Ordinal);
    }
}
