using System.Security.Cryptography;
using System.Text;
using Letters.Domain;

namespace Letters.Auth;

/// <summary>
/// API key secrets: 32 random bytes, shown once, stored only as SHA-256. A slow hash buys nothing for a
/// secret with 256 bits of entropy and would cost a hash per request.
/// </summary>
public static class ApiKeySecrets
{
    public static string Generate(ApiKeyMode mode)
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return $"{PrefixFor(mode)}{Convert.ToHexStringLower(bytes)}";
    }

    public static string PrefixFor(ApiKeyMode mode) => mode == ApiKeyMode.Live ? "lt_live_" : "lt_test_";

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>What may be shown later to tell keys apart: the mode prefix and the first 4 characters.</summary>
    public static string DisplayPrefix(string secret) => secret[..Math.Min(secret.Length, 12)];
}
