using System.Text.Json;
using Letters.Domain;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Letters.Data;

/// <summary>A price as jsonb, in the API's own spelling (amount, currency, lines of item, description, amount).</summary>
public sealed class PriceConverter() : ValueConverter<Price, string>(
    value => JsonSerializer.Serialize(value, Options),
    json => JsonSerializer.Deserialize<Price>(json, Options)!)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
