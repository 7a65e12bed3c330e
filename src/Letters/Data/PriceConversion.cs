using System.Text.Json;
using Letters.Domain;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Letters.Data;

/// <summary>A price as jsonb, in the API's own spelling (amount, currency, lines of item, description, amount).</summary>
public sealed class PriceConverter() : ValueConverter<Price, string>(
    value => JsonSerializer.Serialize(value, Options),
    json => JsonSerializer.Deserialize<Price>(json, Options)!)
{
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

/// <summary>A return address as jsonb, spelt as the API spells it.</summary>
public sealed class ReturnAddressConverter() : ValueConverter<ReturnAddress, string>(
    value => JsonSerializer.Serialize(value, PriceConverter.Options),
    json => JsonSerializer.Deserialize<ReturnAddress>(json, PriceConverter.Options)!);
