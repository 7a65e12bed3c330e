using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Letters.Tests.Infrastructure;

/// <summary>Pages used as a browser uses them, over HTTP: a cookie jar, and forms posted with the token their page gave.</summary>
public static partial class Forms
{
    /// <summary>A client with its own cookies that does not follow redirects (so a test sees where it is sent).</summary>
    public static HttpClient Browser(LettersApp app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The antiforgery token a page's form carries.</summary>
    public static string Token(string page) => Antiforgery().Match(page).Groups[1].Value;

    /// <summary>Posts a form as its page would: GETs the page (keeping a link's token in the query) and sends its antiforgery token along.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(new Uri(path.Split('?')[0] + (path.Contains("token=", StringComparison.Ordinal) ? "?" + path.Split('?')[1] : ""), UriKind.Relative), TestContext.Current.CancellationToken);
        fields["__RequestVerificationToken"] = Token(page);
        return await browser.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    /// <summary>A new client's account made at /signup and signed in by password (its address not yet confirmed): the browser and its id.</summary>
    public static async Task<(HttpClient Browser, Guid ClientId)> SignedUpClientAsync(LettersApp app, string name)
    {
        var email = $"{Guid.NewGuid():N}@client.test";
        var browser = Browser(app);
        using (var signedUp = await PostAsync(browser, "/signup", new() { ["Name"] = name, ["Email"] = email, ["Password"] = "a-long-password-1" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signedUp.StatusCode);
        }

        using (var signedIn = await PostAsync(browser, "/app/signin", new() { ["Email"] = email, ["Password"] = "a-long-password-1" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        await using var db = app.NewDbContext();
        return (browser, db.Clients.Single(c => c.Email == email).Id);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
