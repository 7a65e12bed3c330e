using Letters.Data;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Infrastructure;

/// <summary>
/// The one door for the app's e-mail: <see cref="Post"/> adds the message to the caller's unit of work, so it is
/// sent if and only if what decided to send it is saved; <see cref="MailSender"/> sends it after.
/// </summary>
public static class Mailbox
{
    public static OutgoingMail Post(LettersDbContext db, string recipient, string subject, string text, DateTimeOffset now)
    {
        var mail = new OutgoingMail { Id = Guid.CreateVersion7(now), Recipient = recipient, Subject = subject, Text = text, CreatedAt = now, NextAttemptAt = now };
        db.OutgoingMail.Add(mail);
        return mail;
    }
}

public sealed class MailOptions
{
    /// <summary>How long a claim holds a message: the SMTP exchange's own time limit and a margin to record it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>The SMTP exchange's time limit.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries before a message is given up (and kept, with why, for a person to look at).</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Sends what <see cref="Mailbox"/> posted, on every instance: a claim of the due messages (<c>SKIP LOCKED</c>, a
/// lease as long as one try may take), each sent through <see cref="IEmailSender"/> outside any transaction, then
/// marked sent by its claim's attempt, so a message another instance took over after a lease ran out is not marked
/// twice. A failed try waits longer each time, up to <see cref="MailOptions.MaxAttempts"/>.
/// </summary>
public sealed partial class MailSender(IServiceScopeFactory scopes, IEmailSender email, TimeProvider clock, IOptions<MailOptions> options, ILogger<MailSender> logger) : IWorker
{
    public static WorkerKind Kind => WorkerKind.Mail;

    public TimeSpan Idle => options.Value.PollInterval;

    private const int Batch = 20;

    /// <summary>{0} now, {1} the lease's end, {2} the batch.</summary>
    public const string ClaimSql = """
        UPDATE outgoing_mail m SET lease_until = {1}, attempts = m.attempts + 1
        FROM (SELECT id FROM outgoing_mail
              WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= {0} AND (lease_until IS NULL OR lease_until <= {0})
              ORDER BY next_attempt_at LIMIT {2} FOR UPDATE SKIP LOCKED) due
        WHERE m.id = due.id
        RETURNING m.id, m.recipient, m.subject, m.text, m.attempts
        """;

    private sealed record Due(Guid Id, string Recipient, string Subject, string Text, int Attempts);

    public async Task<bool> PassAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LettersDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.Database.SqlQueryRaw<Due>(ClaimSql, now, now + settings.Lease, Batch).ToListAsync(ct);
        foreach (var mail in due)
        {
            string? error = null;
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(settings.Timeout);
                OutsideTransactions.Ensure("sending mail");
                await email.SendAsync(mail.Recipient, mail.Subject, mail.Text, limit.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                LogFailed(logger, mail.Id, mail.Attempts, error);
            }

            LettersMetrics.MailMessages.Add(1, new KeyValuePair<string, object?>("outcome", error is null ? "sent" : "failed"));
            var at = clock.GetUtcNow();
            var mine = db.OutgoingMail.Where(m => m.Id == mail.Id && m.Attempts == mail.Attempts && m.SentAt == null);
            if (error is null)
            {
                await mine.ExecuteUpdateAsync(u => u.SetProperty(m => m.SentAt, at).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), ct);
            }
            else if (mail.Attempts >= settings.MaxAttempts)
            {
                await mine.ExecuteUpdateAsync(u => u.SetProperty(m => m.FailedAt, at).SetProperty(m => m.LastError, error).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), ct);
            }
            else
            {
                // 30 s, 1 min, 2 min … a mail server that is down for an hour is caught up within minutes of its return.
                var wait = TimeSpan.FromSeconds(30 * Math.Pow(2, mail.Attempts - 1));
                await mine.ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, at + wait).SetProperty(m => m.LastError, error).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), ct);
            }
        }

        return due.Count > 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {Id}, try {Attempt}, was not sent: {Error}")]
    private static partial void LogFailed(ILogger logger, Guid id, int attempt, string error);
}
