using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Letters.Infrastructure;

namespace Letters.Tests.Infrastructure;

/// <summary>
/// The app's e-mails in a test: kept, so a test can follow the link in one as a person would. Reading
/// <see cref="Sent"/> first has the app send what it has posted (<paramref name="deliver"/>: the mail worker's passes).
/// </summary>
public sealed partial class Outbox(Func<Task> deliver) : IEmailSender
{
    public sealed record Email(string Recipient, string Subject, string Text);

    private readonly ConcurrentQueue<Email> sent = new();

    public IReadOnlyCollection<Email> Sent
    {
        get
        {
            // Off the test's synchronization context, so the app's async work cannot wait on it.
            Task.Run(deliver).GetAwaiter().GetResult();
            return sent;
        }
    }

    public Task SendAsync(string recipient, string subject, string text, CancellationToken ct)
    {
        sent.Enqueue(new Email(recipient, subject, text));
        return Task.CompletedTask;
    }

    /// <summary>The path and query of the last link sent to this address.</summary>
    public string LastLinkTo(string recipient) =>
        new Uri(Link().Match(Sent.Last(e => e.Recipient == recipient).Text).Value).PathAndQuery;

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
