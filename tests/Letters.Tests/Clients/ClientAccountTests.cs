using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Letters.Domain;
using Letters.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Clients;

/// <summary>The client's front door, over HTTP as a browser would use it: sign up, confirm, sign in, keys, suspension.</summary>
public sealed partial class ClientAccountTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_client_signs_up_confirms_makes_a_live_key_and_orders_with_it()
    {
        var browser = Browser();
        var email = $"{Guid.NewGuid():N}@person.test";

        // The answer is the same for any address: check your inbox.
        using var signedUp = await PostFormAsync(browser, "/signup", new() { ["Name"] = "Henri Dubois", ["Email"] = email, ["Password"] = "a-long-password-1" });
        Assert.Equal("/signup", signedUp.Headers.Location?.OriginalString);
        Assert.Contains(email, await browser.GetStringAsync(new Uri("/signup", UriKind.Relative), Ct), StringComparison.Ordinal);

        // Signed in by password before the link is followed: test keys only.
        using (var signedIn = await PostFormAsync(browser, "/app/signin", new() { ["Email"] = email, ["Password"] = "a-long-password-1" }))
        {
            Assert.Equal("/app", signedIn.Headers.Location?.OriginalString);
        }

        using var refused = await PostFormAsync(browser, "/app/keys?handler=Create", new() { ["name"] = "shop", ["mode"] = "live" });
        Assert.Contains("Confirm your e-mail address first", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The link confirms the address and signs in; used again, it only says so.
        var link = fixture.App.Outbox.LastLinkTo(email);
        using var confirmed = await Browser().GetAsync(new Uri(link, UriKind.Relative), Ct);
        Assert.Equal("/app", confirmed.Headers.Location?.OriginalString);
        using var again = await Browser().GetAsync(new Uri(link, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("is confirmed", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var created = await PostFormAsync(browser, "/app/keys?handler=Create", new() { ["name"] = "shop", ["mode"] = "live" });
        var secret = Secret().Match(await created.Content.ReadAsStringAsync(Ct)).Groups[1].Value;
        Assert.StartsWith("lt_live_", secret, StringComparison.Ordinal);

        var api = fixture.App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var order = await api.PostAsync("/v1/orders", System.Net.Http.Json.JsonContent.Create(ApiClients.OrderBody(fixture.Clock), options: ApiClients.Json), Ct);
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        Assert.Equal("live", (await order.JsonAsync()).GetProperty("mode").GetString());

        // The keys page says when the key was last used, and never shows the secret again.
        using var keys = await browser.GetAsync(new Uri("/app/keys", UriKind.Relative), Ct);
        var page = await keys.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
        Assert.DoesNotContain(">never<", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_by_another_app_instance_within_five_seconds()
    {
        var (browser, _) = await SignedUpAsync();
        using var created = await PostFormAsync(browser, "/app/keys?handler=Create", new() { ["name"] = "crm", ["mode"] = "test" });
        var secret = Secret().Match(await created.Content.ReadAsStringAsync(Ct)).Groups[1].Value;

        // A second instance on the same database has the key in its cache.
        await using var second = new LettersApp(fixture.App.ConnectionString, fixture.Clock);
        var other = second.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var before = await other.GetAsync(new Uri("/v1/orders", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var keysPage = await (await browser.GetAsync(new Uri("/app/keys", UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);
        var keyId = KeyId().Match(keysPage).Groups[1].Value;
        using var revoked = await PostFormAsync(browser, $"/app/keys?handler=Revoke&id={keyId}", []);
        Assert.Contains("is revoked", await revoked.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        using var after = await other.GetAsync(new Uri("/v1/orders", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_suspended_clients_keys_and_sessions_stop()
    {
        var (browser, email) = await SignedUpAsync();
        using var created = await PostFormAsync(browser, "/app/keys?handler=Create", new() { ["name"] = "crm", ["mode"] = "test" });
        var api = fixture.App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret().Match(await created.Content.ReadAsStringAsync(Ct)).Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(new Uri("/v1/orders", UriKind.Relative), Ct)).StatusCode);

        await using (var db = fixture.App.NewDbContext())
        {
            var id = db.Clients.Single(c => c.Email == email).Id;
            await using var scope = fixture.App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Letters.Features.Clients.ClientAccounts>().SuspendAsync(id, suspended: true, Ct);
        }

        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        using var page = await browser.GetAsync(new Uri("/app", UriKind.Relative), Ct);
        using var call = await api.GetAsync(new Uri("/v1/orders", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/app/signin", page.Headers.Location?.PathAndQuery ?? page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, call.StatusCode);

        // And they cannot simply sign in again.
        using var again = await PostFormAsync(Browser(), "/app/signin", new() { ["Email"] = email, ["Password"] = "a-long-password-1" });
        Assert.Contains("The e-mail or password is not right.", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_cookie_is_refused_on_staff_pages_and_a_staff_cookie_on_the_client_app()
    {
        var (client, _) = await SignedUpAsync();
        var admin = Browser();
        var member = await Staff.CreateAsync(fixture.App, StaffRoles.Admin, "Admin-pass-2026");
        using var login = await admin.PostAsync("/account/api/login", System.Net.Http.Json.JsonContent.Create(new { email = member.Email, password = "Admin-pass-2026" }), Ct);
        login.EnsureSuccessStatusCode();

        foreach (var path in new[] { "/admin", "/admin/orders", "/writer", "/admin/api/writers" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path} answered a client with {(int)response.StatusCode}");
        }

        foreach (var path in new[] { "/app", "/app/keys" })
        {
            using var response = await admin.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path} answered an admin with {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_by_a_link_that_works_once()
    {
        var (_, email) = await SignedUpAsync();
        using var asked = await PostFormAsync(Browser(), "/app/forgot", new() { ["Email"] = email });
        using var unknown = await PostFormAsync(Browser(), "/app/forgot", new() { ["Email"] = "nobody@nowhere.test" });
        Assert.Equal(await Notice(asked), await Notice(unknown));

        var link = fixture.App.Outbox.LastLinkTo(email);
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using var reset = await PostFormAsync(Browser(), link, new() { ["Token"] = token, ["Password"] = "a-new-password-22" });
        Assert.Equal("/app/signin", reset.Headers.Location?.OriginalString);
        using var reused = await PostFormAsync(Browser(), link, new() { ["Token"] = token, ["Password"] = "a-third-password-3" });
        Assert.Contains("has been used or has expired", await reused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var oldPassword = await PostFormAsync(Browser(), "/app/signin", new() { ["Email"] = email, ["Password"] = "a-long-password-1" });
        using var newPassword = await PostFormAsync(Browser(), "/app/signin", new() { ["Email"] = email.ToUpperInvariant(), ["Password"] = "a-new-password-22" });
        Assert.Equal(HttpStatusCode.OK, oldPassword.StatusCode);
        Assert.Equal("/app", newPassword.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Signing_up_again_with_an_address_that_has_an_account_answers_as_for_a_new_one_and_tells_only_its_mailbox()
    {
        var (_, email) = await SignedUpAsync();
        var fresh = $"{Guid.NewGuid():N}@person.test";

        using var again = await PostFormAsync(Browser(), "/signup", new() { ["Name"] = "Someone", ["Email"] = email.ToUpperInvariant(), ["Password"] = "another-password-9" });
        using var other = await PostFormAsync(Browser(), "/signup", new() { ["Name"] = "Someone", ["Email"] = fresh, ["Password"] = "another-password-9" });

        Assert.Equal((HttpStatusCode.Redirect, "/signup"), (again.StatusCode, again.Headers.Location?.OriginalString));
        Assert.Equal((HttpStatusCode.Redirect, "/signup"), (other.StatusCode, other.Headers.Location?.OriginalString));
        var told = fixture.App.Outbox.Sent.Last(m => m.Recipient == email);
        Assert.Contains("has one already", told.Text, StringComparison.Ordinal);
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(1, db.Clients.AsEnumerable().Count(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData("a@", "a-long-password-1", "Give an e-mail address")]
    [InlineData("ana@example", "a-long-password-1", "not an e-mail address")]
    [InlineData("ana@example.com\r\nBcc: all@example.com", "a-long-password-1", "Give an e-mail address")]
    [InlineData("ana@example.com", "ana@example.com", "not your e-mail")]
    [InlineData("ana@example.com", "password123", "first a guesser tries")]
    [InlineData("ana@example.com", "short", "at least 10")]
    public async Task A_sign_up_with_an_address_that_is_no_address_or_a_weak_password_is_refused_saying_why(string email, string password, string said)
    {
        using var refused = await PostFormAsync(Browser(), "/signup", new() { ["Name"] = "Ana", ["Email"] = email, ["Password"] = password });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(said, System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task E_mailed_links_are_on_the_public_address_whatever_host_the_request_named()
    {
        var browser = Browser();
        var email = $"{Guid.NewGuid():N}@person.test";
        var page = await browser.GetStringAsync(new Uri("/signup", UriKind.Relative), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signup")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Forms.Token(page), ["Name"] = "Ana", ["Email"] = email, ["Password"] = "a-long-password-1" }),
        };
        request.Headers.Host = "attacker.example";
        using var response = await browser.SendAsync(request, Ct);

        var mail = fixture.App.Outbox.Sent.Last(m => m.Recipient == email).Text;
        Assert.DoesNotContain("attacker.example", mail, StringComparison.Ordinal);
        Assert.Contains("http://localhost:5080/app/confirm?token=", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guessing_from_one_address_is_slowed_but_a_right_password_from_it_still_signs_in()
    {
        var (_, email) = await SignedUpAsync();
        for (var i = 0; i < 21; i++)
        {
            using var wrong = await PostFormAsync(Browser(), "/app/signin", new() { ["Email"] = email, ["Password"] = $"not-it-{i:D4}-x" });
        }

        using var guessing = await PostFormAsync(Browser(), "/app/signin", new() { ["Email"] = email, ["Password"] = "still-not-it-1" });
        using var right = await PostFormAsync(Browser(), "/app/signin", new() { ["Email"] = email, ["Password"] = "a-long-password-1" });

        Assert.Contains("Too many failed attempts", await guessing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("/app", right.Headers.Location?.OriginalString);

        // The window passes (the other tests of this class share the address).
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task An_admin_opens_an_account_whose_link_sets_a_password_and_suspends_and_restores_it()
    {
        var admin = Browser();
        var member = await Staff.CreateAsync(fixture.App, StaffRoles.Admin, "Admin-pass-2026");
        using (var login = await admin.PostAsync("/account/api/login", System.Net.Http.Json.JsonContent.Create(new { email = member.Email, password = "Admin-pass-2026" }), Ct))
        {
            login.EnsureSuccessStatusCode();
        }

        var email = $"{Guid.NewGuid():N}@business.test";
        using var created = await PostFormAsync(admin, "/admin/clients?handler=Create", new() { ["name"] = "Rosewood Florists", ["email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await admin.GetStringAsync(new Uri($"/admin/clients?search={Uri.EscapeDataString("Rosewood")}", UriKind.Relative), Ct);
        Assert.Contains(email, list, StringComparison.Ordinal);

        // The e-mailed link sets the password; the account is confirmed, so live keys are allowed at once.
        var link = fixture.App.Outbox.LastLinkTo(email);
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using var reset = await PostFormAsync(Browser(), link, new() { ["Token"] = token, ["Password"] = "florist-password-1" });
        var client = Browser();
        using var signIn = await PostFormAsync(client, "/app/signin", new() { ["Email"] = email, ["Password"] = "florist-password-1" });
        using var key = await PostFormAsync(client, "/app/keys?handler=Create", new() { ["name"] = "shop", ["mode"] = "live" });
        Assert.StartsWith("lt_live_", Secret().Match(await key.Content.ReadAsStringAsync(Ct)).Groups[1].Value, StringComparison.Ordinal);

        var id = Regex.Match(list, "/admin/clients\\?id=([0-9a-f-]{36})&amp;suspend=True").Groups[1].Value;
        using var suspended = await PostFormAsync(admin, $"/admin/clients?handler=Suspend&id={id}&suspend=True", []);
        using var refused = await client.GetAsync(new Uri("/app", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("suspended", await admin.GetStringAsync(new Uri($"/admin/clients?search={Uri.EscapeDataString(email)}", UriKind.Relative), Ct), StringComparison.Ordinal);

        using var restored = await PostFormAsync(admin, $"/admin/clients?handler=Suspend&id={id}&suspend=False", []);
        using var again = await PostFormAsync(Browser(), "/app/signin", new() { ["Email"] = email, ["Password"] = "florist-password-1" });
        Assert.Equal("/app", again.Headers.Location?.OriginalString);
        await using var db = fixture.App.NewDbContext();
        Assert.Equal(["client_created", "client_suspended", "client_restored"], db.AdminActions.Where(a => a.Details == email).OrderBy(a => a.Id).Select(a => a.Action).ToList());
    }

    private HttpClient Browser() => Forms.Browser(fixture.App);

    /// <summary>Signed up, and signed in by the e-mailed link as a new client is.</summary>
    private async Task<(HttpClient Browser, string Email)> SignedUpAsync()
    {
        var browser = Browser();
        var email = $"{Guid.NewGuid():N}@person.test";
        using var response = await PostFormAsync(browser, "/signup", new() { ["Name"] = "Noor Haddad", ["Email"] = email, ["Password"] = "a-long-password-1" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var confirmed = await browser.GetAsync(new Uri(fixture.App.Outbox.LastLinkTo(email), UriKind.Relative), Ct);
        Assert.Equal("/app", confirmed.Headers.Location?.OriginalString);
        return (browser, email);
    }

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, Dictionary<string, string> fields) => Forms.PostAsync(browser, path, fields);

    private static async Task<string> Notice(HttpResponseMessage response) =>
        Regex.Match(await response.Content.ReadAsStringAsync(Ct), "<p class=\"notice\" role=\"status\">([^<]*)</p>").Groups[1].Value;

    [GeneratedRegex("<code id=\"new-secret\">([^<]+)</code>")]
    private static partial Regex Secret();

    [GeneratedRegex("/app/keys\\?id=([0-9a-f-]{36})&amp;handler=Revoke")]
    private static partial Regex KeyId();
}
