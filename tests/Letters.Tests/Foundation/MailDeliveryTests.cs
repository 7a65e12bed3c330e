using System.Net;
using System.Text.RegularExpressions;
using Letters.Features.StandingOrders;
using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Letters.Tests.StandingOrders;
using Letters.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Foundation;

/// <summary>
/// A real SMTP server (maildev, on loopback, asking for a login) shared by the class; each test has its own app and
/// clock on it, sending through MailKit.
/// </summary>
public sealed class MailDeliveryFixture : IAsyncLifetime
{
    public const string From = "hello@letters.example";

    public MailDev MailDev { get; private set; } = null!;

    public async ValueTask InitializeAsync() => MailDev = await MailDev.StartAsync(CancellationToken.None);

    public async Task<LettersApp> AppAsync() =>
        new(TestDatabases.ConnectionStringFor(await TestDatabases.CreateAsync()), new TestClock(), settings: new Dictionary<string, string>
        {
            ["Letters:Smtp:Host"] = "127.0.0.1",
            ["Letters:Smtp:Port"] = $"{MailDev.SmtpPort}",
            ["Letters:Smtp:UseTls"] = "false",
            ["Letters:Smtp:Username"] = MailDev.User,
            ["Letters:Smtp:Password"] = MailDev.Password,
            ["Letters:Smtp:From"] = $"Letters <{From}>",
        });

    public async ValueTask DisposeAsync() => await MailDev.DisposeAsync();
}

/// <summary>
/// Every e-mail the service sends arrives at a real SMTP server as a person's mail program sees it: from the configured
/// sender, with a plain-text part and an HTML part saying the same, and a link that opens the page that acts on it.
/// </summary>
public sealed partial class MailDeliveryTests(MailDeliveryFixture fixture) : IClassFixture<MailDeliveryFixture>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LettersApp App { get; set; } = null!;

    public async ValueTask InitializeAsync() => App = await fixture.AppAsync();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        App.ClearPools();
    }

    [Fact]
    public async Task Sign_up_confirmation_key_created_and_password_reset_arrive_over_SMTP_each_with_a_link_that_works()
    {
        var email = $"{Guid.NewGuid():N}@person.test";
        var browser = Forms.Browser(App);
        using (await Forms.PostAsync(browser, "/signup", new() { ["Name"] = "Henri Dubois", ["Email"] = email, ["Password"] = "a-long-password-1" }))
        {
        }

        var confirmation = await ArrivedAsync(email, "Confirm your e-mail for Letters");
        var confirm = LinkIn(confirmation, "/app/confirm");
        using (var confirmed = await browser.GetAsync(new Uri(confirm, UriKind.Relative), Ct))
        {
            Assert.Equal("/app", confirmed.Headers.Location?.OriginalString);
        }

        using (var created = await Forms.PostAsync(browser, "/app/keys?handler=Create", new() { ["name"] = "shop", ["mode"] = "live" }))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var keyMail = await ArrivedAsync(email, "A new live API key on your Letters account");
        Assert.Contains("\u201cshop\u201d (lt_live_", keyMail.Text, StringComparison.Ordinal);
        using (var keys = await browser.GetAsync(new Uri(LinkIn(keyMail, "/app/keys"), UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
            Assert.Contains("shop", await keys.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (await Forms.PostAsync(Forms.Browser(App), "/app/forgot", new() { ["Email"] = email }))
        {
        }

        var resetMail = await ArrivedAsync(email, "Reset your Letters password");
        var reset = LinkIn(resetMail, "/app/reset");
        var token = Uri.UnescapeDataString(reset[(reset.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using (var chosen = await Forms.PostAsync(Forms.Browser(App), reset, new() { ["Token"] = token, ["Password"] = "a-new-password-22" }))
        {
            Assert.Equal("/app/signin", chosen.Headers.Location?.OriginalString);
        }

        using var signedIn = await Forms.PostAsync(Forms.Browser(App), "/app/signin", new() { ["Email"] = email, ["Password"] = "a-new-password-22" });
        Assert.Equal("/app", signedIn.Headers.Location?.OriginalString);

        // One message each, as sent: multipart/alternative, text first (mail programs show the last part they can).
        var source = await fixture.MailDev.SourceAsync(resetMail.Id, Ct);
        Assert.Contains("multipart/alternative", source, StringComparison.OrdinalIgnoreCase);
        Assert.True(source.IndexOf("text/plain", StringComparison.OrdinalIgnoreCase) < source.IndexOf("text/html", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(3, (await fixture.MailDev.ToAsync(email, Ct)).Count);
    }

    [Fact]
    public async Task A_standing_orders_reminder_arrives_with_a_link_to_the_clients_standing_orders()
    {
        App.Clock.Set(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var client = await ApiClients.CreateAsync(App);
        await client.StandingOrderAsync(await client.RecipientAsync(), b => { b["occasion"] = "birthday"; b["month"] = 3; b["day"] = 15; b["time_zone"] = "Europe/Paris"; });

        var scheduler = App.Services.GetRequiredService<WorkerShell<StandingOrderScheduler>>();
        while (App.Clock.GetUtcNow() < new DateTimeOffset(2027, 2, 9, 0, 0, 0, TimeSpan.Zero))
        {
            await scheduler.PassOnceAsync(Ct);
            App.Clock.Advance(TimeSpan.FromHours(6));
        }

        var reminder = await ArrivedAsync(await EmailOfAsync(client), "Claire Martin's birthday letter: anything to add this year?");
        await AssertLeadsToSignInForAsync(LinkIn(reminder, "/app/standing-orders"));
    }

    [Fact]
    public async Task A_disabled_webhook_endpoint_is_mailed_with_a_link_to_the_clients_webhooks()
    {
        // Receivers check a delivery's timestamp against their own clock.
        App.Clock.Set(DateTimeOffset.UtcNow);
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await ApiClients.CreateAsync(App);
        var endpoint = await client.AddEndpointAsync(receiver.Url);
        receiver.Respond = () => new WebhookReceiver.Answer(410);

        await client.OrderAutoDraftedAsync(App);
        await App.DeliverAsync();

        var disabled = await ArrivedAsync(await EmailOfAsync(client), "Your webhook endpoint is disabled");
        Assert.Contains(endpoint.Id.ToString(), disabled.Text, StringComparison.Ordinal);
        await AssertLeadsToSignInForAsync(LinkIn(disabled, "/app/webhooks"));
    }

    private async Task<string> EmailOfAsync(ApiClient client)
    {
        await using var db = App.NewDbContext();
        return await db.Clients.Where(c => c.Id == client.Id).Select(c => c.Email).SingleAsync(Ct);
    }

    /// <summary>The message, once the mail worker has sent it and maildev has it (polled: a loaded machine may take a moment).</summary>
    private async Task<MailDev.Message> ArrivedAsync(string recipient, string subject)
    {
        var sender = App.Services.GetRequiredService<MailSender>();
        while (await sender.PassAsync(Ct))
        {
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var found = (await fixture.MailDev.ToAsync(recipient, Ct)).LastOrDefault(m => m.Subject == subject);
            if (found is not null)
            {
                Assert.Equal(MailDeliveryFixture.From, Assert.Single(found.From).Address);
                Assert.False(string.IsNullOrWhiteSpace(found.Text), "a plain-text part");
                Assert.False(string.IsNullOrWhiteSpace(found.Html), "an HTML part");
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No '{subject}' for {recipient} at the SMTP server.");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>
    /// The path and query of the message's link to <paramref name="path"/>, the same in its text part and as a
    /// clickable link in its HTML part.
    /// </summary>
    private static string LinkIn(MailDev.Message message, string path)
    {
        var link = Link().Matches(message.Text!).Select(m => m.Value).Single(l => new Uri(l).AbsolutePath == path);
        Assert.Contains($"<a href=\"{WebUtility.HtmlEncode(link)}\">", message.Html, StringComparison.Ordinal);
        return new Uri(link).PathAndQuery;
    }

    /// <summary>A page behind the client's sign-in: followed signed out, it asks to sign in and comes back to it.</summary>
    private async Task AssertLeadsToSignInForAsync(string path)
    {
        using var page = await Forms.Browser(App).GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains($"ReturnUrl={Uri.EscapeDataString(path)}", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://[^\s<>""]+?(?=[.,;:!?)\]]*(\s|$))")]
    private static partial Regex Link();
}
