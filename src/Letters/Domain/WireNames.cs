using System.Collections.Frozen;
using System.Text.Json;

namespace Letters.Domain;

/// <summary>
/// The one spelling of names outside C#: snake_case, as the API's JSON writes properties and enums
/// (<see cref="JsonNamingPolicy.SnakeCaseLower"/>), the database stores enum values, and field errors name fields.
/// </summary>
public static class WireNames
{
    public static JsonNamingPolicy Policy => JsonNamingPolicy.SnakeCaseLower;

    /// <summary>A C# member name as the client sees it: <c>PostalCode</c> → <c>postal_code</c>.</summary>
    public static string Of(string name) => Policy.ConvertName(name);

    /// <summary>An enum value as stored and sent: <c>OrderStatus.InReview</c> → <c>in_review</c>.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.ToWire[value];

    /// <summary>A resource's mode on the wire: <c>test</c> or <c>live</c>, as its key's <see cref="ApiKeyMode"/> is spelled.</summary>
    public static string Mode(bool isTest) => Of(isTest ? ApiKeyMode.Test : ApiKeyMode.Live);

    /// <summary>Whether a request's <c>priority</c> (already validated against the vocabulary) asks for a rush letter.</summary>
    public static bool IsRush(string? priority) => priority == Of(Priority.Rush);

    /// <summary>A priority from the wire; none given is standard.</summary>
    public static Priority PriorityOf(string? priority) => IsRush(priority) ? Priority.Rush : Priority.Standard;

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        if (text is not null && Names<TEnum>.FromWire.TryGetValue(text, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}.");

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ToWire =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => Of(v.ToString()));

        public static readonly FrozenDictionary<string, TEnum> FromWire =
            ToWire.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
