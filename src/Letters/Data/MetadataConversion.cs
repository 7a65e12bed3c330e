using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Letters.Data;

/// <summary>
/// Order metadata as a jsonb object of strings. Stored through a converter rather than Npgsql's deprecated
/// dynamic POCO mapping; containment queries (<c>metadata @> …</c>) still use the GIN index.
/// </summary>
public sealed class MetadataConverter() : ValueConverter<Dictionary<string, string>, string>(
    value => ToJson(value),
    json => JsonSerializer.Deserialize<Dictionary<string, string>>(json, (JsonSerializerOptions?)null) ?? new Dictionary<string, string>())
{
    /// <summary>The stored form, for SQL written by hand (the order's one-statement insert).</summary>
    public static string ToJson(Dictionary<string, string> value) => JsonSerializer.Serialize(value, (JsonSerializerOptions?)null);
}

public sealed class MetadataComparer() : ValueComparer<Dictionary<string, string>>(
    (a, b) => a!.Count == b!.Count && a.All(pair => b.ContainsKey(pair.Key) && b[pair.Key] == pair.Value),
    value => value.Aggregate(0, (hash, pair) => hash ^ HashCode.Combine(pair.Key, pair.Value)),
    value => new Dictionary<string, string>(value));
