using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Letters.Infrastructure;

namespace Letters.Tests.Infrastructure;

/// <summary>The app's e-mails in a test: kept, so a test can follow the link in one as a person would.</summary>
public sealed partial class Outbox : IEmailSender
{
    public sealed record Email(string Recipient, string Subject, string Text);

    public ConcurrentQueue<Email> Sent { get; } = new();

    public Task SendAsync(string recipient, string subject, string text, CancellationToken ct)
    {
        Sent.Enqueue(new Email(recipient, subject, text));
        return Task.CompletedTask;
    }

    /// <summary>The path and query of the last link sent to this address.</summary>
    public string LastLinkTo(string recipient) =>
        new Uri(Link().Match(Sent.Last(e => e.Recipient == recipient).Text).Value).PathAndQuery;

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
