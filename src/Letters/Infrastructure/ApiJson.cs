using System.Text.Json;
using System.Text.Json.Serialization;

namespace Letters.Infrastructure;

public static class ApiJson
{
    /// <summary>
    /// The API's JSON: snake_case like the best print-and-mail APIs, and strict — an unknown field is a 400, not
    /// silently ignored, because a typo in "deliver_by" should not quietly become "no deadline".
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }
}
