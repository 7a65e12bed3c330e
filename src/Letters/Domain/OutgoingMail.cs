namespace Letters.Domain;

/// <summary>
/// An e-mail the app decided to send, written in the transaction that decided it and sent after that commits, by
/// whichever instance claims it first (<c>MailSender</c>): a crash before the commit sends nothing, a crash after it
/// sends it once the claim's lease runs out, and a committed mail is sent once.
/// </summary>
public sealed class OutgoingMail
{
    public Guid Id { get; set; }
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it may next be tried: now when it is written, later after a failure.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Tries so far; each claim counts one.</summary>
    public int Attempts { get; set; }

    /// <summary>The instance sending it holds it until then; a crash mid-send frees it for another.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Set when it was given up after its last try, with why; a person looks at these.</summary>
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }
}
