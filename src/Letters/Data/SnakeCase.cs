using System.Text;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Letters.Data;

public static class SnakeCase
{
    public static string From(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}

/// <summary>Stores an enum as its snake_case name, so the database reads like the API (in_review, not 3).</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => ToStore(value),
    text => Parse(text))
    where TEnum : struct, Enum
{
    /// <summary>The stored name, for SQL written by hand (the order's one-statement insert).</summary>
    public static string ToStore(TEnum value) => SnakeCase.From(value.ToString());

    private static TEnum Parse(string text) =>
        Enum.Parse<TEnum>(text.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true);
}
