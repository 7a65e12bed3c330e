using System.Net;
using System.Net.Http.Json;
using Letters.Domain;
using Letters.Infrastructure;
using Letters.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Letters.Tests.Hardening;

public sealed class SecurityTests(AppFixture fixture) : DatabaseTest(fixture), IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_carry_a_content_security_policy_and_every_response_refuses_sniffing()
    {
        using var http = fixture.App.CreateClient();

        using var page = await http.GetAsync(new Uri("/account/login", UriKind.Relative), Ct);
        using var json = await http.GetAsync(new Uri("/v1/catalogue", UriKind.Relative), Ct);
        using var pdf = await http.GetAsync(new Uri("/v1/catalogue/preview.pdf", UriKind.Relative), Ct);

        Assert.Equal(SecurityHeaders.PagePolicy, string.Join(' ', page.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("frame-ancestors 'self'", SecurityHeaders.PagePolicy, StringComparison.Ordinal);
        foreach (var response in new[] { page, json, pdf })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }

        Assert.False(pdf.Headers.Contains("Content-Security-Policy"), "Browsers' PDF viewers need the PDF without a page policy.");
    }

    [Fact]
    public void Every_posting_form_carries_its_antiforgery_token()
    {
        // The form tag helper adds the token to a form that posts to its own page; one with an explicit action (the
        // header's sign-out) must add it itself, or every post of it is a 400.
        var pages = Directory.EnumerateFiles(Repository.PathTo("src", "Letters", "Features"), "*.cshtml", SearchOption.AllDirectories);
        var missing = new List<string>();
        foreach (var page in pages)
        {
            var text = File.ReadAllText(page);
            foreach (System.Text.RegularExpressions.Match form in System.Text.RegularExpressions.Regex.Matches(text, "<form[^>]*method=\"post\"[^>]*>(.*?)</form>", System.Text.RegularExpressions.RegexOptions.Singleline))
            {
                var tag = form.Value[..(form.Value.IndexOf('>', StringComparison.Ordinal) + 1)];
                if (tag.Contains(" action=", StringComparison.Ordinal) && !form.Value.Contains("AntiForgeryToken()", StringComparison.Ordinal) && !tag.Contains("asp-antiforgery=\"true\"", StringComparison.Ordinal))
                {
                    missing.Add($"{Path.GetFileName(page)}: {tag}");
                }
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Dashboard_forms_refuse_a_post_without_the_antiforgery_token()
    {
        using var http = fixture.App.CreateClient();

        using var response = await http.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "admin@letters.local", ["Password"] = "x" }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_staff_cookie_is_http_only_same_site_strict_and_passwords_and_keys_are_stored_as_hashes()
    {
        const string password = "A-long-enough-pass-7";
        var email = $"{Guid.NewGuid():N}@staff.test";
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            Assert.True((await users.CreateAsync(new StaffUser { Id = Guid.NewGuid(), UserName = email, Email = email, DisplayName = "Staff" }, password)).Succeeded);
        }

        using var http = fixture.App.CreateClient();
        using var login = await http.PostAsJsonAsync("/account/api/login", new { email, password }, ApiClients.Json, Ct);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("letters.staff=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var client = await ApiClients.CreateAsync(fixture.App);
        await using var db = fixture.App.NewDbContext();
        var hash = await db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync(Ct);
        Assert.DoesNotContain(password, hash, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", hash, StringComparison.Ordinal);
        var key = await db.ApiKeys.SingleAsync(k => k.ClientId == client.Id, Ct);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(client.Key)), key.Hash);
        Assert.Equal(12, key.Prefix.Length);
    }
}
