using System.Runtime.CompilerServices;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

/// <summary>
/// <see cref="LetterSettings"/> as an EF complex type in its owner's table, configured once for orders, campaigns and
/// standing orders: a column each, named as the setting (<c>style</c>, not <c>letter_style</c>), so the SQL that
/// reads them (the claim, the reports) reads the same names on every table.
/// </summary>
public static class LetterSettingsConfiguration
{
    /// <summary>Each setting: its property, its column, its length.</summary>
    private static readonly (string Property, string Column, int Length)[] Columns =
    [
        (nameof(LetterSettings.Relationship), "relationship", LetterSettings.RelationshipLength),
        (nameof(LetterSettings.Tone), "tone", 32),
        (nameof(LetterSettings.Length), "length", 16),
        (nameof(LetterSettings.Language), "language", 35),
        (nameof(LetterSettings.Style), "style", 40),
        (nameof(LetterSettings.Ink), "ink", 40),
        (nameof(LetterSettings.Paper), "paper", 40),
        (nameof(LetterSettings.PageSize), "page_size", 16),
        (nameof(LetterSettings.Signature), "signature", LetterSettings.SignatureLength),
    ];

    public static void Configure<TOwner>(EntityTypeBuilder<TOwner> owner)
        where TOwner : class, ILetterSettingsOwner =>
        owner.ComplexProperty(o => o.Letter, letter =>
        {
            foreach (var (property, column, length) in Columns)
            {
                letter.Property(property).HasColumnName(column).HasMaxLength(length);
            }

            letter.Property(nameof(LetterSettings.StyleNamed)).HasColumnName("style_named").HasDefaultValue(true).HasSentinel(true);
        });

    /// <summary>
    /// The head of every hand-written read of an owner's rows: <c>SELECT *, xmin</c> and the settings again under the
    /// names EF Core 10 reads a complex type's columns by in a <c>FromSql</c> query (<c>Letter_Ink</c>): it ignores
    /// their configured names there (dotnet/efcore#37355, #38303; still so in 10.0.15). When that is fixed, this
    /// is <c>SELECT *, xmin FROM table</c> again and nothing else changes.
    /// </summary>
    public static string SelectFrom(string table) =>
        $"SELECT *, xmin, {string.Join(", ", Columns.Select(c => (c.Column, c.Property)).Append((Column: "style_named", Property: nameof(LetterSettings.StyleNamed))).Select(c => $"{c.Column} AS \"{nameof(ILetterSettingsOwner.Letter)}_{c.Property}\""))} FROM {table}";

    /// <summary>An owner's rows by hand-written SQL: <paramref name="rest"/> (<c>WHERE … FOR UPDATE</c>) after <see cref="SelectFrom"/>.</summary>
    public static IQueryable<TOwner> FromTable<TOwner>(this DbSet<TOwner> set, FormattableString rest)
        where TOwner : class, ILetterSettingsOwner =>
        set.FromSql(FormattableStringFactory.Create($"{SelectFrom(set.EntityType.GetTableName()!)} {rest.Format}", rest.GetArguments()));
}
