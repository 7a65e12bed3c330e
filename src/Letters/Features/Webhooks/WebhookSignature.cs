using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Letters.Features.Webhooks;

/// <summary>Standard Webhooks signing: <c>v1,base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}"))</c>.</summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: the prefix and 32 random bytes in base64 (the standard allows 24–64).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The header value: one signature per secret, space-separated, as the standard allows during a rotation.</summary>
    public static string Header(string messageId, long timestamp, string body, params IEnumerable<string> secrets) =>
        string.Join(' ', secrets.Select(secret => "v1," + Sign(messageId, timestamp, body, secret)));

    public static string Sign(string messageId, long timestamp, string body, string secret)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}.{body}"));
        return Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
